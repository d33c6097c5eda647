// The campaigns view: the list, the selected campaign's card (tiles, status line, actions), its 3 s polling,
// status changes and the pre-start checklist.
import { $, $$, ask, closeDialog, esc, openDialog, toast } from './dom.js';
import { api } from './api.js';
import { fmtUtc, fmtZoned } from './dates.js';
import { FINAL_STATES, LIVE_STATES, state } from './state.js';
import { writeHash } from './tabs.js';
import { loadLeads } from './leads.js';
import { loadAttempts, loadLive } from './attempts.js';
import { openCampaignModal } from './campaign-form.js';
import { openImport } from './imports.js';
import { previewUrl } from './recordings.js';
import { showEligibility } from './eligibility.js';
import { provideCampaignView } from './campaign-view.js';

export async function loadCampaigns() {
  state.campaigns = await api('/api/outbound/campaigns' + ($('#show-archived').checked ? '?include_archived=true' : ''));
  const sel = state.selected && state.selected.id;
  $('#campaigns').innerHTML = state.campaigns.map(c => `<li><button type="button" class="campaign-item" data-id="${c.id}" aria-current="${sel === c.id}">
      <span class="row"><b>${esc(c.name)}</b><span class="badge ${esc(c.status)}" data-status>${esc(c.status)}</span></span>
      <span class="small">${esc(c.timezone)} · ${esc(c.daily_window_start_local)}–${esc(c.daily_window_end_local)}</span></button></li>`).join('');
  $$('#campaigns .campaign-item').forEach(b => b.addEventListener('click', () => selectCampaign(Number(b.dataset.id))));
  $('#dnc-scope').innerHTML = '<option value="">Global</option>' + state.campaigns.map(c => `<option value="${c.id}">${esc(c.name)}</option>`).join('');
  if (state.selected) {
    const fresh = state.campaigns.find(c => c.id === state.selected.id);
    if (fresh) state.selected = fresh;
  }
}

export async function selectCampaign(id, focus = true) {
  state.selected = state.campaigns.find(c => c.id === id) || await api(`/api/outbound/campaigns/${id}`);
  state.leadsPage = 1; state.attemptsPage = 1;
  $$('#campaigns .campaign-item').forEach(b => b.setAttribute('aria-current', String(Number(b.dataset.id) === id)));
  writeHash();
  await refreshSelected();
  if (focus) $('#campaign-detail').focus();
  scheduleRefresh();
}

function scheduleRefresh() {
  clearInterval(state.refreshTimer);
  // Live numbers by short polling every 3 s: simple, proxy-friendly, and it stops by itself when nothing runs.
  state.refreshTimer = setInterval(async () => {
    if (!state.selected || $('#page-campaigns').hidden || document.hidden) return;
    const before = state.selected;
    const fresh = await api(`/api/outbound/campaigns/${before.id}`).catch(() => before);
    const changed = fresh.status !== before.status || fresh.updated_at_utc !== before.updated_at_utc || fresh.paused_reason !== before.paused_reason;
    if (changed && state.selected && state.selected.id === fresh.id) state.selected = fresh;
    const busy = changed || state.selected.status === 'running' || (state.stats && state.stats.in_flight > 0);
    if (!busy) await loadLive().catch(() => {});
    if (busy) {
      await loadCampaigns().catch(() => {});
      await refreshSelected(false).catch(() => {});
    }
  }, 3000);
}

export async function refreshSelected(full = true) {
  const c = state.selected; if (!c) return;
  // a failed read shows zeros rather than stopping the refresh of the tables below
  state.stats = await api(`/api/outbound/campaigns/${c.id}/stats`).catch(() => ({}));
  // a status the dialer changed (completed, paused by the breaker) or an edit re-renders the card; otherwise only the numbers move
  const key = `${c.id}:${c.status}:${c.paused_reason}:${c.updated_at_utc}`;
  if (full || !$('#detail-name') || state.renderedKey !== key) { renderDetail(c, state.stats); state.renderedKey = key; } else updateTiles(c, state.stats);
  await Promise.all([loadLeads(), loadAttempts(), loadLive().catch(() => {})]);
}

function numbers(s) {
  const ls = s.lead_states || {}, oc = s.attempt_outcomes || {};
  const total = Object.values(ls).reduce((a, b) => a + b, 0);
  const done = FINAL_STATES.reduce((a, k) => a + (ls[k] || 0), 0);
  return {
    pending: ls.pending || 0, dialing: LIVE_STATES.reduce((a, k) => a + (ls[k] || 0), 0), live: s.in_flight ?? 0,
    human: (oc.answered_human || 0) + (oc.transferred || 0), voicemail: oc.voicemail_dropped || 0, machine: oc.machine_detected || 0,
    busy: oc.busy || 0, no_answer: oc.no_answer || 0, consent: (oc.consent_denied || 0) + (oc.consent_timeout || 0),
    errors: (oc.error || 0) + (oc.congestion || 0) + (oc.chanunavail || 0) + (oc.rejected || 0) + (oc.invalid_number || 0),
    canceled: ls.canceled || 0, completed: ls.completed || 0, failed: ls.failed || 0, dnc: ls.dnc || 0, total,
    percent: total ? Math.floor(100 * done / total) : 0,
  };
}

const TILES = [
  ['pending', 'Pending'], ['dialing', 'Dialing / in call'], ['live', 'Live calls'], ['cpm', 'Calls / min'], ['human', 'Human'],
  ['voicemail', 'Voicemail'], ['machine', 'Machine'], ['busy', 'Busy'], ['no_answer', 'No answer'], ['consent', 'Consent denied / timeout'],
  ['errors', 'Errors'], ['canceled', 'Canceled'], ['completed', 'Completed'], ['failed', 'Failed'], ['dnc', 'DNC'], ['total', 'Total leads'],
  ['percent', '% done'],
];

function renderDetail(c, s) {
  const running = c.status === 'running';
  $('#campaign-detail').innerHTML = `
    <div class="row"><h2 id="detail-name">${esc(c.name)}</h2><span id="detail-status" class="badge ${esc(c.status)}">${esc(c.status)}</span></div>
    <div class="small">${esc(c.timezone)} · window ${esc(c.daily_window_start_local)}–${esc(c.daily_window_end_local)}
      · max ${esc(c.max_concurrent)} concurrent · ${esc(c.min_interval_seconds_between_calls)} s apart · context ${esc(c.default_context)}</div>
    ${c.run_start_at_utc || c.run_end_at_utc ? `<div class="small" id="detail-run">Runs ${c.run_start_at_utc ? 'from ' + esc(fmtUtc(c.run_start_at_utc, c.timezone)) : ''}
      ${c.run_end_at_utc ? 'until ' + esc(fmtUtc(c.run_end_at_utc, c.timezone)) : ''}</div>` : ''}
    <div class="small" id="detail-media">${mediaLine('Voicemail', c.voicemail_drop_enabled, c.voicemail_drop_media_uri, 'detail-vm-preview')}
      ${mediaLine('Consent', c.consent_enabled, c.consent_media_uri, 'detail-consent-preview')}</div>
    ${c.paused_reason ? `<p class="error" id="paused-reason">${esc(c.paused_reason)}</p>` : ''}
    <div class="tiles" id="stat-tiles">${TILES.map(([k, label]) => `<div class="tile"><span class="k">${esc(label)}</span><b id="stat-${k.replace('_', '-')}">0</b></div>`).join('')}</div>
    <p class="status-line"><span id="stat-window"></span> · <span id="stat-explain"></span> <span id="stat-opens" class="small"></span></p>
    <div id="ext-campaign-card"></div>
    <div class="actions">
      <button id="act-start" class="primary" ${running ? 'hidden' : ''}>${c.status === 'paused' ? 'Resume' : 'Start'}</button>
      <button id="act-pause" ${running ? '' : 'hidden'}>Pause</button>
      <button id="act-stop" ${running || c.status === 'paused' ? '' : 'hidden'}>Stop</button>
      <button id="act-edit">Edit</button>
      <button id="act-import">Import leads</button>
      <button id="act-clone">Clone</button>
      <button id="act-archive" ${c.status === 'archived' ? 'hidden' : ''}>Archive</button>
      <button id="act-delete" class="danger" ${running ? 'disabled title="Pause or stop the campaign to delete it"' : ''}>Delete</button>
      <a id="act-export-leads" href="/api/outbound/campaigns/${c.id}/leads.csv">Leads CSV</a>
      <a id="act-export-attempts" href="/api/outbound/campaigns/${c.id}/attempts.csv">Attempts CSV</a>
    </div>`;
  updateTiles(c, s);
  showEligibility(c.id);
  $('#act-start').onclick = () => openChecklist(c);
  $('#act-pause').onclick = () => setStatus('paused');
  $('#act-stop').onclick = () => openDialog('stop-modal');
  $('#act-edit').onclick = () => openCampaignModal(c);
  $('#act-import').onclick = openImport;
  $('#act-clone').onclick = async () => { try { const n = await api(`/api/outbound/campaigns/${c.id}/clone`, { method: 'POST' }); await loadCampaigns(); await selectCampaign(n.id); toast('Cloned'); } catch (e) { toast(e.message); } };
  $('#act-archive').onclick = async () => { try { await api(`/api/outbound/campaigns/${c.id}/archive`, { method: 'POST' }); await loadCampaigns(); await refreshSelected(); } catch (e) { toast(e.message); } };
  $('#act-delete').onclick = async () => {
    if (!await ask('Delete campaign', `Permanently delete "${c.name}" and all its leads and attempts? This cannot be undone.`, 'Delete')) return;
    try { await api(`/api/outbound/campaigns/${c.id}`, { method: 'DELETE' }); state.selected = null; writeHash(); await loadCampaigns();
      $('#campaign-detail').innerHTML = '<p class="muted">Deleted.</p>'; ['leads', 'attempts', 'charts'].forEach(x => { $(`#${x}-section`).hidden = true; }); }
    catch (e) { toast(e.message); }
  };
  ['leads', 'attempts', 'charts'].forEach(x => { $(`#${x}-section`).hidden = false; });
  document.dispatchEvent(new CustomEvent('aava:campaign', { detail: { campaign: c, stats: s } }));
}

function mediaLine(label, enabled, uri, id) {
  if (!enabled) return `<span>${label}: off</span>`;
  const url = previewUrl(uri);
  return `<span>${label}: ${esc(String(uri || '').replace(/^sound:ai-generated\//, ''))}${url ? ` <audio id="${id}" controls preload="none" src="${esc(url)}" aria-label="${label} recording of this campaign"></audio>` : ''}</span>`;
}

export function updateTiles(c, s) {
  const n = numbers(s || {});
  n.cpm = state.live ? state.live.calls_last_minute : 0;
  for (const [k] of TILES) { const e = $('#stat-' + k.replace('_', '-')); if (e) e.textContent = k === 'percent' ? n[k] + '%' : String(n[k] ?? 0); }
  const explain = (s && s.dialing_status) || {};
  if ($('#stat-window')) {
    $('#stat-window').textContent = s && s.within_window === true ? 'within window' : s && s.within_window === false ? 'outside window' : '';
    $('#stat-explain').textContent = explain.message || '';
    $('#stat-opens').textContent = s && s.next_window_opening ? 'opens ' + fmtZoned(s.next_window_opening, c.timezone) : '';
  }
}

async function setStatus(status, cancelPending = false) {
  const c = state.selected;
  try {
    state.selected = await api(`/api/outbound/campaigns/${c.id}/status`, { method: 'POST', json: { status, cancel_pending: cancelPending } });
    await loadCampaigns(); await refreshSelected();
  } catch (e) { toast(e.message); }
}

async function openChecklist(c) {
  try {
    const r = await api(`/api/outbound/campaigns/${c.id}/checklist`);
    const blocking = ['pending_leads', 'recordings', 'window', 'run_window'];
    const blocked = r.items.some(i => !i.ok && blocking.includes(i.key));
    $('#checklist-items').innerHTML = r.items.map(i => `<li class="${i.ok ? 'ok' : 'bad'}" data-check="${esc(i.key)}">${esc(i.message)}</li>`).join('');
    const start = $('#checklist-start');
    start.disabled = blocked;
    start.textContent = r.ok ? (c.status === 'paused' ? 'Resume' : 'Start') : blocked ? 'Cannot start' : 'Start anyway';
    openDialog('checklist-modal');
    (blocked ? $('#checklist-close') : start).focus();
  } catch (e) { toast(e.message); }
}

export function wireCampaigns() {
  $('#new-campaign').onclick = () => openCampaignModal(null);
  $('#show-archived').onchange = loadCampaigns;
  $('#stop-only').onclick = () => { closeDialog('stop-modal'); setStatus('stopped', false); };
  $('#stop-cancel-pending').onclick = () => { closeDialog('stop-modal'); setStatus('stopped', true); };
  $('#stop-close').onclick = () => closeDialog('stop-modal');
  $('#checklist-close').onclick = () => closeDialog('checklist-modal');
  $('#checklist-start').onclick = () => { closeDialog('checklist-modal'); setStatus('running'); };
}

provideCampaignView({ refreshSelected, updateTiles, loadCampaigns, selectCampaign });
