// aava-dialer admin page: plain JavaScript modules over the REST API (no build step). This entry module builds the
// views' tabs, wires the page's own controls (clocks, health, refresh, tabs) and signs in; each view is a module of
// its own (campaigns, campaign-form, leads, attempts, dnc, audit, imports, recordings, users, account, nodes) over shared
// helpers (api, dom, dates, state, tabs).
import { $, $$, esc, toast, trapFocus } from './dom.js';
import { api } from './api.js';
import { fmtTime } from './dates.js';
import { state } from './state.js';
import { showTab } from './tabs.js';
import { buildAccount, loadMe, showLogin, wireAccount } from './account.js';
import { buildUsers } from './users.js';
import { initRecordings, loadRecordings } from './recordings.js';
import { loadCampaigns, refreshSelected, selectCampaign, wireCampaigns } from './campaigns.js';
import { fillCampaignFormChoices, wireCampaignForm } from './campaign-form.js';
import { wireLeads } from './leads.js';
import { wireAttempts } from './attempts.js';
import { loadDnc, wireDnc } from './dnc.js';
import { loadAudit, wireAudit } from './audit.js';
import { wireImports } from './imports.js';
import { renderNodes } from './nodes.js';

async function boot() {
  try {
    const s = await api('/api/session');
    state.csrf = s.csrf_token;
  } catch (e) { return; }
  await loadMe();
  $('#login-view').hidden = true; $('#app-view').hidden = false;
  state.meta = await api('/api/outbound/meta');
  state.serverOffsetMs = Date.parse(state.meta.server_now_iso) - Date.now();
  $('#zones').innerHTML = state.meta.iana_timezones.map(z => `<option value="${esc(z)}">`).join('');
  fillCampaignFormChoices(state.meta);
  $('#date-format').value = state.dateFormat;
  await Promise.all([loadCampaigns(), loadHealth(), loadDialplan(), loadRecordings()]);
  tickClocks(); clearInterval(state.clockTimer); state.clockTimer = setInterval(tickClocks, 1000);
  clearInterval(state.healthTimer); state.healthTimer = setInterval(loadHealth, 5000);
  await applyHash();
}

async function applyHash() {
  const q = new URLSearchParams(location.hash.replace(/^#/, ''));
  const id = Number(q.get('campaign'));
  if (id) await selectCampaign(id, false).catch(() => {});
  if (q.get('tab')) showTab(q.get('tab'));
}

// ---------------------------------------------------------------- clocks and health

function tickClocks() {
  const now = new Date(Date.now() + state.serverOffsetMs);
  const serverZone = state.meta ? state.meta.server_timezone : 'UTC';
  const campZone = state.selected ? state.selected.timezone : null;
  $('#server-clock').textContent = fmtTime(now, serverZone); $('#server-zone').textContent = '';
  $('#campaign-clock').textContent = campZone ? fmtTime(now, campZone) : '–'; $('#campaign-zone').textContent = '';
  const modalZone = $('#f-timezone').value || 'UTC';
  $$('.modal-server-clock').forEach(e => { e.textContent = fmtTime(now, serverZone); });
  $$('.modal-campaign-clock').forEach(e => { e.textContent = fmtTime(now, modalZone); });
}

const HEALTH_GOOD = ['connected', 'listening', 'ok', 'writable', 'present', 'up'];
// the server leaves out what it cannot tell (no call engine: no live_calls), so each part is shown only when present
const HEALTH_PARTS = ['ari', 'agi', 'db', 'media_dir', 'dialplan'];

/** The overall line is derived from its parts: never "ok" beside a red one. */
function healthOverall(h) {
  const bad = HEALTH_PARTS.filter(k => h[k] !== undefined && h[k] !== 'unknown' && !HEALTH_GOOD.includes(String(h[k])));
  return bad.length === 0 && h.status === 'ok' ? { text: 'ok', bad } : { text: 'degraded', bad };
}

async function loadHealth() {
  try {
    const h = await api('/api/health');
    state.health = h;
    const o = healthOverall(h);
    const parts = HEALTH_PARTS.filter(k => h[k] !== undefined).map(k =>
      `<span data-health="${k}" class="${h[k] === 'unknown' ? '' : (HEALTH_GOOD.includes(String(h[k])) ? 'ok' : 'bad')}">${k}: ${esc(h[k])}</span>`);
    if (h.live_calls !== undefined) parts.push(`<span data-health="live_calls">live calls: ${esc(h.live_calls)}</span>`);
    $('#health-panel').innerHTML = `<b>Outbound Health</b> <span data-health="status" class="overall ${o.text === 'ok' ? 'ok' : 'bad'}">status: ${o.text}${
      o.bad.length ? ' (' + esc(o.bad.join(', ')) + ')' : ''}</span> ` + parts.join(' ');
    renderNodes(h);
  } catch (e) { $('#health-panel').textContent = 'Health unavailable: ' + e.message; }
}

async function loadDialplan() {
  try { $('#dialplan-text').textContent = await api('/api/outbound/dialplan'); }
  catch (e) { $('#dialplan-text').textContent = e.message; }
}

async function refreshAll() {
  await Promise.all([loadCampaigns().catch(e => toast(e.message)), loadHealth()]);
  if (!$('#page-dnc').hidden) await loadDnc().catch(e => toast(e.message));
  if (!$('#page-audit').hidden) await loadAudit().catch(e => toast(e.message));
  state.chartAt = 0; // the chart is read again too, whatever its range
  if (state.selected) await refreshSelected(false).catch(e => toast(e.message));
  toast('Refreshed');
}

// ---------------------------------------------------------------- start: the views' tabs first, then the wiring

// Module scripts run once the document is parsed, so the page's elements are all there.
initRecordings();
buildUsers();
buildAccount();
wireAccount(boot);
wireCampaigns();
wireCampaignForm();
wireLeads();
wireAttempts();
wireDnc();
wireAudit();
wireImports();
$$('.tab').forEach(t => t.onclick = () => showTab(t.dataset.tab));
$('#refresh').onclick = refreshAll;
$('#date-format').onchange = () => { state.dateFormat = $('#date-format').value; localStorage.setItem('aava.dateFormat', state.dateFormat); tickClocks();
  if (state.selected) refreshSelected(false); if (!$('#page-dnc').hidden) loadDnc(); if (!$('#page-audit').hidden) loadAudit(); };
$$('dialog').forEach(d => d.addEventListener('close', () => { if (d.returnFocus && document.contains(d.returnFocus)) d.returnFocus.focus(); }));
window.addEventListener('hashchange', () => applyHash());
document.addEventListener('keydown', trapFocus);
boot().then(() => { if ($('#app-view').hidden) showLogin(); }).catch(() => showLogin());
