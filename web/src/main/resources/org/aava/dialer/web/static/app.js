// aava-dialer admin page: plain JavaScript over the REST API (no build step).
'use strict';

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const AMD_HELP = {
  initial_silence: 'Max silence (ms) before the callee speaks; longer means MACHINE (INITIALSILENCE).',
  greeting: 'Max length (ms) of the greeting; longer means MACHINE (LONGGREETING).',
  after_greeting_silence: 'Silence (ms) after a greeting that means a person is waiting: HUMAN.',
  total_analysis_time: 'Max time (ms) AMD may take before NOTSURE (TOOLONG).',
  min_word_length: 'Shortest voice (ms) counted as a word.',
  between_words_silence: 'Silence (ms) that separates two words.',
  maximum_number_of_words: 'More words than this means MACHINE (MAXWORDS). Raise it if people are classified as machines.',
  silence_threshold: 'Energy (0–32767) below which audio is silence.',
  maximum_word_length: 'One utterance longer than this (ms) means MACHINE (MAXWORDLENGTH).',
};
const LIVE_STATES = ['leased', 'dialing', 'amd_pending', 'in_progress'];
const FINAL_STATES = ['completed', 'failed', 'canceled', 'dnc'];

const state = {
  csrf: null, meta: null, campaigns: [], selected: null, stats: null, leads: [], leadsTotal: 0,
  leadsPage: 1, attemptsPage: 1, dncPage: 1, auditPage: 1, recycleLead: null, serverOffsetMs: 0, refreshTimer: null,
  dateFormat: localStorage.getItem('aava.dateFormat') || 'locale', charts: {}, health: null,
};

// ---------------------------------------------------------------- HTTP

async function api(path, opts = {}) {
  const headers = Object.assign({}, opts.headers || {});
  if (opts.json !== undefined) { headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(opts.json); }
  const method = opts.method || 'GET';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  const res = await fetch(path, { method, headers, body: opts.body, credentials: 'same-origin' });
  if (res.status === 401 && !path.startsWith('/api/login')) { showLogin(); throw new Error('Please log in.'); }
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => ({})) : await res.text();
  if (!res.ok) {
    const msg = (data && data.error) ? data.error + (data.field ? ` (${data.field})` : '') : `HTTP ${res.status}`;
    const err = new Error(msg); err.status = res.status; err.field = data && data.field; err.reason = data && data.error; throw err;
  }
  return data;
}

function toast(msg) {
  const t = $('#toast'); t.textContent = msg; t.style.display = 'block';
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.style.display = 'none'; }, 6000);
}

function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

// ---------------------------------------------------------------- dialogs: focus goes back where it came from

function openDialog(id) {
  const d = $('#' + id);
  d.returnFocus = document.activeElement;
  if (!d.open) d.showModal();
  return d;
}

function closeDialog(id) {
  const d = $('#' + id);
  if (d.open) d.close();
}

/** Tab and Shift+Tab wrap inside an open dialog instead of leaving it for the browser's own controls. */
function trapFocus(ev) {
  if (ev.key !== 'Tab') return;
  const d = $$('dialog[open]').pop(); if (!d) return;
  const focusable = $$('button, [href], input, select, textarea, audio[controls], summary, [tabindex]:not([tabindex="-1"])', d)
    .filter(e => !e.disabled && e.getClientRects().length > 0 && !e.closest('[hidden]') && !(e.closest('details:not([open])') && e.tagName !== 'SUMMARY'));
  if (!focusable.length) return;
  const first = focusable[0], last = focusable[focusable.length - 1];
  if (ev.shiftKey && (document.activeElement === first || !d.contains(document.activeElement))) { ev.preventDefault(); last.focus(); }
  else if (!ev.shiftKey && (document.activeElement === last || !d.contains(document.activeElement))) { ev.preventDefault(); first.focus(); }
}

/** One "are you sure" step in a dialog of our own (confirm() is blocked in some kiosks and cannot be styled). */
function ask(title, text, yesLabel = 'Yes') {
  return new Promise(resolve => {
    $('#confirm-title').textContent = title; $('#confirm-text').textContent = text; $('#confirm-yes').textContent = yesLabel;
    const d = openDialog('confirm-modal');
    const done = v => { $('#confirm-yes').onclick = null; $('#confirm-no').onclick = null; d.onclose = null; closeDialog('confirm-modal'); resolve(v); };
    $('#confirm-yes').onclick = () => done(true);
    $('#confirm-no').onclick = () => done(false);
    d.onclose = () => done(false);
    $('#confirm-no').focus();
  });
}

// ---------------------------------------------------------------- dates

/** A date in the operator's locale or ISO 8601, always with its zone. */
function fmtTime(date, zone) {
  if (!(date instanceof Date) || isNaN(date)) return '';
  zone = zone || 'UTC';
  try {
    if (state.dateFormat === 'iso') {
      const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit',
        day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset' }).formatToParts(date).map(x => [x.type, x.value]));
      const off = (p.timeZoneName || 'GMT').replace('GMT', '') || '+00:00';
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}${off === '+00:00' ? 'Z' : off} ${zone}`;
    }
    return new Intl.DateTimeFormat(undefined, { timeZone: zone, dateStyle: 'medium', timeStyle: 'medium' }).format(date) + ' ' + zoneLabel(date, zone);
  } catch (e) { return date.toISOString(); }
}

function zoneLabel(date, zone) {
  try {
    const p = new Intl.DateTimeFormat(undefined, { timeZone: zone, timeZoneName: 'short' }).formatToParts(date).find(x => x.type === 'timeZoneName');
    return p ? p.value : zone;
  } catch (e) { return zone; }
}

/** Java's ZonedDateTime text ("2026-11-24T09:00-05:00[America/New_York]") or an ISO instant, for people. */
function fmtZoned(text, fallbackZone) {
  if (!text) return '';
  const m = String(text).match(/^([^[]+)(?:\[(.+)\])?$/);
  const d = new Date(m ? m[1] : text);
  return isNaN(d) ? String(text) : fmtTime(d, (m && m[2]) || fallbackZone);
}

function fmtUtc(text, zone) { return text ? fmtTime(new Date(text), zone || (state.selected && state.selected.timezone) || 'UTC') : ''; }

// ---------------------------------------------------------------- login

function showLogin() {
  $('#app-view').hidden = true; $('#login-view').hidden = false;
  // the last username is filled in (not a secret), so the password is what is left to type
  if (!$('#login-username').value) $('#login-username').value = localStorage.getItem('aava.lastUsername') || '';
  $('#login-password').focus();
}

/**
 * Who is logged in decides what the page offers: a viewer sees no write controls (body.read-only in app.css hides
 * them; the server refuses a viewer's writes anyway), and only admins get the Users tab (users.js).
 */
async function loadMe() {
  state.me = await api('/api/users/me');
  document.body.dataset.role = state.me.role;
  document.body.classList.toggle('read-only', state.me.role === 'viewer');
  $('#whoami').textContent = `${state.me.username} (${state.me.role})`;
  if (window.aavaUsers) window.aavaUsers.signedIn(state.me);
}

async function login(ev) {
  ev.preventDefault();
  try {
    const username = $('#login-username').value.trim();
    const r = await api('/api/login', { method: 'POST', json: username ? { username, password: $('#login-password').value } : { password: $('#login-password').value } });
    $('#login-password').value = '';
    if (username) localStorage.setItem('aava.lastUsername', username); else localStorage.removeItem('aava.lastUsername');
    state.csrf = r.csrf_token || r.csrf || null;
    $('#login-error').textContent = '';
    await boot();
  } catch (e) { $('#login-error').textContent = e.message; }
}

async function boot() {
  try {
    const s = await api('/api/session');
    state.csrf = s.csrf_token || s.csrf || state.csrf;
  } catch (e) { return; }
  await loadMe();
  $('#login-view').hidden = true; $('#app-view').hidden = false;
  state.meta = await api('/api/outbound/meta');
  const serverNow = Date.parse(state.meta.server_now_iso || state.meta.server_now || new Date().toISOString());
  state.serverOffsetMs = serverNow - Date.now();
  $('#zones').innerHTML = (state.meta.iana_timezones || []).map(z => `<option value="${esc(z)}">`).join('');
  $('#f-context').innerHTML = (state.meta.ai_contexts || state.meta.contexts || []).map(c => {
    const name = typeof c === 'string' ? c : c.name;
    return `<option value="${esc(name)}">${esc(name)}</option>`;
  }).join('');
  $('#amd-fields').innerHTML = Object.keys(AMD_HELP).map(k => `<label title="${esc(AMD_HELP[k])}">${k.replace(/_/g, ' ')}
      <input type="number" min="0" name="amd_options.${k}" id="amd-${k}" placeholder="${esc((state.meta.default_amd_options || {})[k] ?? 'default')}"
        aria-describedby="amd-${k}-help">
      <small class="muted" id="amd-${k}-help">${esc(AMD_HELP[k])}</small></label>`).join('');
  $('#date-format').value = state.dateFormat;
  await Promise.all([loadCampaigns(), loadHealth(), loadDialplan(), loadRecordings()]);
  tickClocks(); clearInterval(state.clockTimer); state.clockTimer = setInterval(tickClocks, 1000);
  clearInterval(state.healthTimer); state.healthTimer = setInterval(loadHealth, 5000);
  await applyHash();
}

// ---------------------------------------------------------------- URL hash: the selected tab and campaign survive a reload

function writeHash() {
  const tab = $$('.tab').find(t => t.classList.contains('active'));
  const parts = [];
  if (tab && tab.dataset.tab !== 'campaigns') parts.push('tab=' + tab.dataset.tab);
  if (state.selected) parts.push('campaign=' + state.selected.id);
  const h = parts.length ? '#' + parts.join('&') : '';
  if (location.hash !== h) history.replaceState(null, '', location.pathname + location.search + h);
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
  } catch (e) { $('#health-panel').textContent = 'Health unavailable: ' + e.message; }
}

async function loadDialplan() {
  try { $('#dialplan-text').textContent = await api('/api/outbound/dialplan'); }
  catch (e) { $('#dialplan-text').textContent = e.message; }
}

/** A campaign's media URI ("sound:ai-generated/NAME") as the preview URL of exactly that recording, or null. */
function previewUrl(uri) {
  const m = String(uri || '').match(/^sound:ai-generated\/(.+)$/);
  return m ? `/api/outbound/recordings/${encodeURIComponent(m[1])}/preview.wav` : null;
}

async function loadRecordings() {
  try {
    const r = await api('/api/outbound/recordings');
    const list = Array.isArray(r) ? r : (r.recordings || []);
    const opts = '<option value="">(default)</option>' + list.map(x => `<option value="${esc(x.uri || x.media_uri)}">${esc(x.label || x.name)}</option>`).join('');
    $$('.recording-select').forEach(s => { const v = s.value; s.innerHTML = opts; s.value = v; });
  } catch (e) { /* recordings are optional */ }
}

/** Selects the campaign's own recording, listing it even when the library does not (so Save never drops it). */
function setRecording(select, uri) {
  if (uri && ![...select.options].some(o => o.value === uri)) select.add(new Option(uri, uri));
  select.value = uri || '';
}

function syncPreview(select) {
  const audio = $('#' + select.dataset.preview); if (!audio) return;
  const url = previewUrl(select.value);
  if (url) { if (audio.getAttribute('src') !== url) audio.src = url; audio.hidden = false; } else { audio.removeAttribute('src'); audio.hidden = true; }
}

// ---------------------------------------------------------------- campaigns

async function loadCampaigns() {
  const r = await api('/api/outbound/campaigns' + ($('#show-archived').checked ? '?include_archived=true' : ''));
  state.campaigns = Array.isArray(r) ? r : (r.campaigns || []);
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

async function selectCampaign(id, focus = true) {
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

async function refreshAll() {
  await Promise.all([loadCampaigns().catch(e => toast(e.message)), loadHealth()]);
  if (!$('#page-dnc').hidden) await loadDnc().catch(e => toast(e.message));
  if (!$('#page-audit').hidden) await loadAudit().catch(e => toast(e.message));
  state.chartAt = 0; // the chart is read again too, whatever its range
  if (state.selected) await refreshSelected(false).catch(e => toast(e.message));
  toast('Refreshed');
}

async function refreshSelected(full = true) {
  const c = state.selected; if (!c) return;
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
  if (window.aavaEligibility) window.aavaEligibility(c.id); // eligibility.js
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

function updateTiles(c, s) {
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

const RANGE_TEXT = { '30m': 'last 30 min', '6h': 'last 6 hours', '24h': 'last 24 hours', all: 'whole campaign' };

/**
 * The live numbers every poll; the chart's timeline too, except that a long range (read from every attempt of the
 * campaign) is fetched again only every 30 s or when the range or campaign changes, not every 3 s.
 */
async function loadLive(forceChart = false) {
  const c = state.selected; if (!c) return;
  const range = $('#chart-range').value || '30m';
  const key = `${c.id}:${range}`;
  const chartDue = forceChart || range === '30m' || state.chartKey !== key || Date.now() - (state.chartAt || 0) > 30000;
  const [live, stats] = await Promise.all([api(`/api/outbound/campaigns/${c.id}/live?range=${range}${chartDue ? '' : '&timeline=false'}`),
    api(`/api/outbound/campaigns/${c.id}/stats`)]);
  if (!state.selected || state.selected.id !== c.id) return;
  state.live = live; state.stats = stats;
  updateTiles(c, stats);
  if (chartDue && live.outcomes_over_time) { state.chartKey = key; state.chartAt = Date.now(); drawCharts(live); }
}

const OUTCOME_COLORS = { answered_human: '#1b6b22', voicemail_dropped: '#1f4fc4', machine_detected: '#6a3fb5', busy: '#c77700', no_answer: '#8a94a3',
  consent_denied: '#b71c1c', consent_timeout: '#e57373', error: '#5d4037', in_progress: '#00897b' };

function bucketText(seconds) {
  if (seconds === 60) return 'minute';
  if (seconds < 3600) return `${seconds / 60} min`;
  if (seconds < 86400) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  return seconds === 86400 ? 'day' : `${seconds / 86400} days`;
}

function drawCharts(live) {
  if (typeof Chart === 'undefined' || !live) return;
  const series = live.outcomes_over_time || live.outcomes_per_minute || {};
  const buckets = Object.keys(series);
  const outcomes = [...new Set(buckets.flatMap(m => Object.keys(series[m])))].sort();
  const zone = (state.selected || {}).timezone || 'UTC';
  const bucket = live.bucket_seconds || 60;
  const h23 = state.dateFormat === 'iso' ? { hourCycle: 'h23' } : {};
  const days = (Date.parse(live.to_utc) - Date.parse(live.from_utc)) > 86400000 || bucket >= 86400;
  const fmt = new Intl.DateTimeFormat(state.dateFormat === 'iso' ? 'en-CA' : undefined, days
    ? { timeZone: zone, month: 'short', day: 'numeric', hour: bucket >= 86400 ? undefined : '2-digit', minute: bucket >= 86400 ? undefined : '2-digit', ...h23 }
    : { timeZone: zone, hour: '2-digit', minute: '2-digit', ...h23 });
  const labels = buckets.map(m => fmt.format(new Date(m)));
  const datasets = outcomes.map(o => ({ label: o, backgroundColor: OUTCOME_COLORS[o] || '#455a64',
    data: buckets.map(m => series[m][o] || 0) }));
  const amd = live.amd_split || {};
  const range = RANGE_TEXT[live.range || '30m'];
  $('#chart-outcomes-caption').textContent = `Outcomes per ${bucketText(bucket)} (${range}, ${zone})`;
  $('#chart-amd-caption').textContent = `AMD split (${range})${Object.keys(amd).length ? '' : ': no AMD results'}`;
  const total = datasets.reduce((a, d) => a + d.data.reduce((x, y) => x + y, 0), 0);
  const span = live.from_utc && live.to_utc ? ` (${fmtTime(new Date(live.from_utc), zone)} – ${fmtTime(new Date(live.to_utc), zone)})` : '';
  $('#chart-note').textContent = total ? `${total} attempt${total === 1 ? '' : 's'} in the ${range}${span}${live.truncated ? ', the newest 2000 only' : ''}.`
    : `No attempts in the ${range}${live.range !== 'all' ? '; choose a longer range to see earlier calls' : ''}.`;
  if (!state.charts.outcomes) {
    state.charts.outcomes = new Chart($('#chart-outcomes'), { type: 'bar', data: { labels, datasets },
      options: { animation: false, maintainAspectRatio: false, scales: { x: { stacked: true, ticks: { autoSkip: true, maxRotation: 0 } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } } });
    state.charts.amd = new Chart($('#chart-amd'), { type: 'doughnut', data: { labels: Object.keys(amd), datasets: [{ data: Object.values(amd),
      backgroundColor: ['#1b6b22', '#6a3fb5', '#c77700', '#8a94a3'] }] }, options: { animation: false, maintainAspectRatio: false } });
  } else {
    state.charts.outcomes.data.labels = labels; state.charts.outcomes.data.datasets = datasets; state.charts.outcomes.update();
    state.charts.amd.data.labels = Object.keys(amd); state.charts.amd.data.datasets[0].data = Object.values(amd); state.charts.amd.update();
  }
  $('#chart-outcomes').setAttribute('aria-label', `Outcomes per ${bucketText(bucket)}, ${range}: ` + (outcomes.map(o => `${o} ${datasets.find(d => d.label === o).data.reduce((a, b) => a + b, 0)}`).join(', ') || 'none'));
  $('#chart-amd').setAttribute('aria-label', `AMD results, ${range}: ` + (Object.entries(amd).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'));
}

async function setStatus(status, cancelPending = false) {
  const c = state.selected;
  try {
    state.selected = await api(`/api/outbound/campaigns/${c.id}/status`, { method: 'POST', json: { status, cancel_pending: cancelPending } });
    await loadCampaigns(); await refreshSelected();
  } catch (e) { toast(e.message); }
}

// ---------------------------------------------------------------- pre-start checklist

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

// ---------------------------------------------------------------- leads

function leadFilters() {
  const f = {};
  if ($('#lead-state').value) f.state = $('#lead-state').value;
  if ($('#lead-search').value) f.q = $('#lead-search').value;
  return f;
}

async function loadLeads() {
  const c = state.selected; if (!c) return;
  const size = Number($('#lead-page-size').value) || 50;
  const q = new URLSearchParams(Object.assign({ page: state.leadsPage, page_size: size, sort: $('#lead-sort').value }, leadFilters()));
  const r = await api(`/api/outbound/campaigns/${c.id}/leads?${q}`);
  const leads = r.leads || [];
  state.leads = leads; state.leadsTotal = r.total || 0;
  const filtered = !!($('#lead-state').value || $('#lead-search').value);
  $('#leads-empty').hidden = !(r.total === 0 && !filtered);
  const running = c.status === 'running';
  $('#leads-table tbody').innerHTML = leads.map(l => {
    const time = l.last_started_at_utc ? fmtUtc(l.last_started_at_utc, c.timezone) : (l.next_attempt_at_utc ? 'retry ' + fmtUtc(l.next_attempt_at_utc, c.timezone) : '');
    const amd = l.last_amd_status ? `${l.last_amd_status}${l.last_amd_cause ? '/' + l.last_amd_cause : ''}` : '';
    const live = LIVE_STATES.includes(l.state);
    const who = esc(l.name || '(no name)');
    return `<tr data-lead="${l.id}" data-state="${esc(l.state)}">
      <td data-label="Lead"><b>${who}</b><span class="sub">${esc(l.phone_number)} · ${esc(l.last_context || l.context_override || c.default_context)}${l.last_provider ? ' · ' + esc(l.last_provider) : ''}</span></td>
      <td data-label="State" class="lead-state">${esc(l.state)}</td>
      <td data-label="Last call">${esc(time)}${l.last_duration_seconds != null ? `<span class="sub">${esc(l.last_duration_seconds)} s</span>` : ''}</td>
      <td data-label="Attempts">${esc(l.attempt_count ?? 0)}</td>
      <td data-label="Outcome" class="lead-outcome">${esc(l.last_outcome_attempt || l.last_outcome || '')}</td>
      <td data-label="AMD / DTMF">${esc(amd)}${l.last_consent_dtmf ? ' · ' + esc(l.last_consent_dtmf) : ''}</td>
      <td data-label="Actions" class="row-actions">
          <button data-lead-history="${l.id}" aria-label="Call history of ${who}" ${l.attempt_count || l.last_attempt_id ? "" : "disabled"}>History</button>
          <button data-recycle="${l.id}" aria-label="Recycle ${who}" ${live ? 'disabled' : ''}>Recycle</button>
          <button data-ignore="${l.id}" aria-label="Ignore ${who}" ${live || l.state === 'canceled' ? 'disabled' : ''}>${l.state === 'canceled' ? 'Ignored' : 'Ignore'}</button>
          <button data-dnc="${esc(l.phone_number)}" aria-label="Add ${who} to the do-not-call list" ${l.state === 'dnc' ? 'disabled' : ''}>DNC</button>
          <button data-delete="${l.id}" aria-label="Delete ${who}" class="danger" ${running || live ? 'disabled title="Pause/stop the campaign to delete leads"' : ''}>Delete</button></td></tr>`;
  }).join('');
  const pages = Math.max(1, r.total_pages || 1);
  $('#leads-page').textContent = `page ${r.page || 1} of ${pages} · ${r.total || 0} leads`;
  $('#leads-jump').max = pages; $('#leads-jump').value = r.page || 1;
  $('#leads-prev').disabled = (r.page || 1) <= 1; $('#leads-next').disabled = (r.page || 1) >= pages;
  $('#bulk-count').textContent = `${r.total || 0} leads match ${filtered ? 'the filter' : '(all leads)'}`;
  $$('[data-bulk]').forEach(b => { b.disabled = !r.total; });
  $$('[data-recycle]').forEach(b => b.onclick = () => openRecycle(leads.find(l => String(l.id) === b.dataset.recycle)));
  $$('[data-ignore]').forEach(b => b.onclick = () => leadAction(`/api/outbound/leads/${b.dataset.ignore}/ignore`, 'POST'));
  $$('[data-delete]').forEach(b => b.onclick = async () => {
    const l = leads.find(x => String(x.id) === b.dataset.delete);
    if (await ask('Delete lead', `Delete ${l.name || l.phone_number} (${l.phone_number}) and its attempts?`, 'Delete')) leadAction(`/api/outbound/leads/${l.id}`, 'DELETE');
  });
  $$('[data-dnc]').forEach(b => b.onclick = () => leadAction('/api/outbound/dnc', 'POST', { phone_number: b.dataset.dnc, reason: 'operator', campaign_id: null }));
  $$('[data-lead-history]').forEach(b => b.onclick = () => openLeadHistory(b.dataset.leadHistory));
}

async function leadAction(path, method, json) {
  try { await api(path, { method, json }); await refreshSelected(false); } catch (e) { toast(e.message); }
}

// Recycle asks every time, starts on re-dial, names the lead, and a reset needs a second, explicit confirmation.
function openRecycle(lead) {
  state.recycleLead = lead; state.recycleArmed = false;
  $('input[name=recycle-mode][value=redial]').checked = true;
  $('#recycle-title').textContent = `Recycle ${lead.name || lead.phone_number}`;
  $('#recycle-lead').textContent = `${lead.name || '(no name)'} · ${lead.phone_number} · ${lead.state} · ${lead.attempt_count || 0} attempts`;
  $('#recycle-warning').hidden = true; $('#recycle-confirm').textContent = 'Recycle'; $('#recycle-confirm').className = 'primary';
  openDialog('recycle-modal');
  $('input[name=recycle-mode][value=redial]').focus();
}

async function confirmRecycle() {
  const mode = $('input[name=recycle-mode]:checked').value;
  const lead = state.recycleLead;
  if (mode === 'reset' && !state.recycleArmed) {
    state.recycleArmed = true;
    $('#recycle-warning').textContent = `Reset deletes all ${lead.attempt_count || 0} attempts of ${lead.name || lead.phone_number} and their call links. Press "Yes, reset" to confirm.`;
    $('#recycle-warning').hidden = false; $('#recycle-confirm').textContent = 'Yes, reset'; $('#recycle-confirm').className = 'danger';
    return;
  }
  closeDialog('recycle-modal');
  await leadAction(`/api/outbound/leads/${lead.id}/recycle`, 'POST', { mode });
}

// ---------------------------------------------------------------- bulk actions

const BULK_TEXT = {
  'recycle:redial': ['Re-dial', 'set back to pending (attempt history kept)'],
  'recycle:reset': ['Reset', 'reset completely: their attempts and call links are deleted'],
  cancel: ['Cancel', 'canceled (not dialed)'], dnc: ['DNC', 'added to the global do-not-call list'],
  delete: ['Delete', 'deleted with their attempts'],
};

async function bulk(action, mode) {
  const c = state.selected; if (!c) return;
  const filters = leadFilters();
  const body = Object.assign({ action }, action === 'recycle' ? { mode } : {}, filters);
  try {
    const dry = await api(`/api/outbound/campaigns/${c.id}/leads/bulk`, { method: 'POST', json: Object.assign({ dry_run: true }, body) });
    const [verb, what] = BULK_TEXT[action === 'recycle' ? 'recycle:' + mode : action];
    const scope = filters.state || filters.q ? ` matching ${[filters.state && 'state ' + filters.state, filters.q && '"' + filters.q + '"'].filter(Boolean).join(' and ')}` : '';
    if (!await ask(`${verb} ${dry.matched} leads`, `${dry.matched} leads${scope} in "${c.name}" will be ${what}. Calls in progress are skipped.`, `${verb} ${dry.matched} leads`)) return;
    const r = await api(`/api/outbound/campaigns/${c.id}/leads/bulk`, { method: 'POST', json: body });
    toast(`${verb}: ${r.done} of ${r.matched} leads done${r.skipped ? `, ${r.skipped} skipped (live or not allowed)` : ''}`);
    await refreshSelected(false);
  } catch (e) { toast(e.message); }
}

// ---------------------------------------------------------------- one lead's call history

async function openLeadHistory(leadId) {
  try {
    const r = await api(`/api/outbound/leads/${leadId}/attempts`);
    const zone = (state.selected || {}).timezone;
    $('#history-title').textContent = `Call history of ${r.lead.name || r.lead.phone_number}`;
    $('#history-body').innerHTML = `<p class="small">${esc(r.lead.phone_number)} · ${esc(r.lead.state)} · ${r.attempts.length} attempts</p>` +
      (r.attempts.length ? r.attempts.map(a => `<section class="history-attempt" data-history-attempt="${a.id}" aria-label="Attempt ${a.id}">
        <h3>Attempt ${a.id} · ${esc(fmtUtc(a.started_at_utc, zone))}</h3>
        <dl><dt>Outcome</dt><dd class="h-outcome">${esc(a.outcome || 'in progress')}</dd>
          <dt>AMD</dt><dd>${esc(a.amd_status || '–')} ${esc(a.amd_cause || '')}</dd>
          <dt>Consent</dt><dd>${esc(a.consent_result || (a.consent_enabled ? 'pending' : 'off'))} ${a.consent_dtmf ? 'DTMF ' + esc(a.consent_dtmf) : ''}</dd>
          <dt>Disposition</dt><dd>${esc(a.disposition || '–')} ${esc(a.disposition_notes || '')}</dd>
          <dt>Hangup</dt><dd>${esc(a.hangup_cause ?? '')} ${esc(a.hangup_cause_text || '')}</dd>
          <dt>Duration</dt><dd>${a.duration_seconds != null ? esc(a.duration_seconds) + ' s' : '–'}</dd>
          <dt>Context</dt><dd>${esc(a.context || '')} ${esc(a.provider || '')}</dd>
          ${a.error_message ? `<dt>Error</dt><dd>${esc(a.error_message)}</dd>` : ''}</dl>
        <h3>Transcript</h3><pre>${esc(a.transcript || '(none)')}</pre></section>`).join('') : '<p>No attempts yet.</p>');
    openDialog('history-modal');
    $('#history-close').focus();
  } catch (e) { toast(e.message); }
}

// ---------------------------------------------------------------- attempts

async function loadAttempts() {
  const c = state.selected; if (!c) return;
  const q = new URLSearchParams({ page: state.attemptsPage, page_size: 50 });
  if ($('#attempt-outcome').value) q.set('outcome', $('#attempt-outcome').value);
  const r = await api(`/api/outbound/campaigns/${c.id}/attempts?${q}`);
  $('#attempts-table tbody').innerHTML = (r.attempts || []).map(a => `<tr data-attempt="${a.id}">
    <td data-label="#">${a.id}</td><td data-label="Started">${esc(fmtUtc(a.started_at_utc, c.timezone))}</td>
    <td data-label="Lead">${esc(a.name || a.lead_name)}<span class="sub">${esc(a.phone_number)}</span></td>
    <td data-label="Outcome" class="attempt-outcome">${esc(a.outcome || 'in progress')}</td>
    <td data-label="AMD">${esc(a.amd_status)} ${esc(a.amd_cause)}</td><td data-label="Consent">${esc(a.consent_result)} ${esc(a.consent_dtmf)}</td>
    <td data-label="Hangup">${esc(a.hangup_cause)} ${esc(a.hangup_cause_text)}</td><td data-label="Duration">${esc(a.duration_seconds ?? '')}</td>
    <td data-label="Error">${esc(a.error_message)}</td></tr>`).join('');
  $('#attempts-page').textContent = `page ${r.page || 1} of ${Math.max(1, r.total_pages || 1)} · ${r.total || 0} attempts`;
  $('#attempts-prev').disabled = (r.page || 1) <= 1; $('#attempts-next').disabled = (r.page || 1) >= (r.total_pages || 1);
  const outcomes = Object.keys((state.stats || {}).attempt_outcomes || {});
  const sel = $('#attempt-outcome'); const cur = sel.value;
  sel.innerHTML = '<option value="">All outcomes</option>' + outcomes.map(o => `<option>${esc(o)}</option>`).join(''); sel.value = cur;
}

// ---------------------------------------------------------------- campaign modal

function clearFieldErrors() {
  $$('#campaign-form .field-error').forEach(e => e.remove());
  $$('#campaign-form [aria-invalid]').forEach(e => {
    e.removeAttribute('aria-invalid');
    const rest = (e.getAttribute('aria-describedby') || '').split(' ').filter(x => x && !x.endsWith('-error')).join(' ');
    if (rest) e.setAttribute('aria-describedby', rest); else e.removeAttribute('aria-describedby');
  });
  $('#campaign-error').textContent = '';
}

/** Marks one field invalid with its message beside it, opening the collapsed section it sits in. */
function showFieldError(input, message) {
  for (let d = input.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
  input.setAttribute('aria-invalid', 'true');
  const id = (input.id || input.name) + '-error';
  input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
  const span = document.createElement('span'); span.className = 'field-error'; span.id = id; span.textContent = message;
  (input.closest('label') || input).insertAdjacentElement('afterend', span);
}

function validateCampaignForm() {
  clearFieldErrors();
  const bad = $$('#campaign-form input, #campaign-form select').filter(i => i.type !== 'file' && !i.checkValidity());
  bad.forEach(i => showFieldError(i, i.validationMessage));
  if (bad.length) {
    $('#campaign-error').textContent = `${bad.length} field${bad.length > 1 ? 's need' : ' needs'} attention.`;
    bad[0].focus();
  }
  return bad.length === 0;
}

/** A server error that names a field is shown at that field (amd_options.greeting, local_hours.latest, name …). */
function fieldForServerError(field) {
  if (!field) return null;
  const f = String(field);
  const direct = $(`#campaign-form [name="${CSS.escape(f)}"]`) || $(`#campaign-form [name="amd_options.${CSS.escape(f.replace(/^amd_options\./, ''))}"]`);
  if (direct) return direct;
  const map = { days_of_week: 'input[name=day]', retry_policy: '#f-retry-max', local_hours: '#f-lh-earliest' };
  const key = Object.keys(map).find(k => f.startsWith(k));
  return key ? $(map[key]) : null;
}

async function openCampaignModal(c) {
  await loadRecordings();
  const f = $('#campaign-form'); f.reset(); f.dataset.id = c ? c.id : '';
  $('#campaign-modal-title').textContent = c ? 'Edit Campaign' : 'New Campaign';
  clearFieldErrors();
  $('#f-leads-box').hidden = !!c;
  if (c) {
    $('#f-name').value = c.name; $('#f-timezone').value = c.timezone;
    $('#f-start').value = c.daily_window_start_local; $('#f-end').value = c.daily_window_end_local;
    $('#f-max').value = c.max_concurrent; $('#f-interval').value = c.min_interval_seconds_between_calls;
    $('#f-dial-timeout').value = c.dial_timeout_seconds ?? 30; $('#f-context').value = c.default_context;
    $('#f-consent').checked = !!c.consent_enabled; $('#f-consent-timeout').value = c.consent_timeout_seconds ?? 5;
    setRecording($('#f-consent-media'), c.consent_media_uri); $('#f-vm').checked = !!c.voicemail_drop_enabled;
    setRecording($('#f-vm-media'), c.voicemail_drop_media_uri);
    if ($('#f-callback')) $('#f-callback').value = c.callback_number || '';
    $('#f-respect-lead-tz').checked = !!c.respect_lead_timezone; $('#f-max24').value = c.max_attempts_per_24h ?? 0;
    $('#f-profile').value = c.compliance_profile || 'us_telemarketing'; $('#f-optout').value = c.opt_out_digit || '9';
    $('#f-require-consent').checked = !!c.require_consent_record; $('#f-caller-id').value = c.caller_id_number || '';
    $('#f-region').value = c.default_region || '';
    const lh = c.local_hours || {};
    $('#f-lh-enabled').checked = lh.enabled !== false; $('#f-lh-earliest').value = lh.earliest || '08:00'; $('#f-lh-latest').value = lh.latest || '21:00';
    const days = Array.isArray(c.days_of_week) ? c.days_of_week : String(c.days_of_week || '').split(',');
    $$('input[name=day]').forEach(d => { d.checked = days.length === 0 || days.includes(d.value); });
    const amd = c.amd_options || {};
    Object.keys(AMD_HELP).forEach(k => { $('#amd-' + k).value = amd[k] ?? ''; });
    $('#f-run-start').value = (c.run_start_at_utc || '').slice(0, 16); $('#f-run-end').value = (c.run_end_at_utc || '').slice(0, 16);
    const retry = c.retry_policy || {};
    $('#f-retry').checked = !!retry.enabled; $('#f-retry-max').value = retry.max_attempts ?? 3;
  } else {
    $('#f-timezone').value = (state.meta && state.meta.server_timezone) || 'UTC';
  }
  $$('.recording-select').forEach(syncPreview);
  $('#f-preview').hidden = true;
  openDialog('campaign-modal');
  $('#f-name').focus();
}

function campaignPayload() {
  const amd = {};
  Object.keys(AMD_HELP).forEach(k => { const v = $('#amd-' + k).value; if (v !== '') amd[k] = Number(v); });
  const body = {
    name: $('#f-name').value, timezone: $('#f-timezone').value,
    daily_window_start_local: $('#f-start').value, daily_window_end_local: $('#f-end').value,
    days_of_week: $$('input[name=day]:checked').map(d => d.value),
    max_concurrent: Number($('#f-max').value), min_interval_seconds_between_calls: Number($('#f-interval').value),
    dial_timeout_seconds: Number($('#f-dial-timeout').value), default_context: $('#f-context').value,
    consent_enabled: $('#f-consent').checked, consent_timeout_seconds: Number($('#f-consent-timeout').value),
    voicemail_drop_enabled: $('#f-vm').checked,
    respect_lead_timezone: $('#f-respect-lead-tz').checked, max_attempts_per_24h: Number($('#f-max24').value),
    local_hours: { enabled: $('#f-lh-enabled').checked, earliest: $('#f-lh-earliest').value, latest: $('#f-lh-latest').value },
    amd_options: amd,
    retry_policy: { enabled: $('#f-retry').checked, max_attempts: Number($('#f-retry-max').value) },
  };
  body.run_start_at_utc = $('#f-run-start').value ? $('#f-run-start').value + 'Z' : null;
  body.run_end_at_utc = $('#f-run-end').value ? $('#f-run-end').value + 'Z' : null;
  if ($('#f-consent-media').value) body.consent_media_uri = $('#f-consent-media').value;
  if ($('#f-vm-media').value) body.voicemail_drop_media_uri = $('#f-vm-media').value;
  if ($('#f-callback')) body.callback_number = $('#f-callback').value;
  body.compliance_profile = $('#f-profile').value; body.opt_out_digit = $('#f-optout').value;
  body.require_consent_record = $('#f-require-consent').checked;
  body.caller_id_number = $('#f-caller-id').value; body.default_region = $('#f-region').value;
  return body;
}

async function saveCampaign(ev) {
  ev.preventDefault();
  if (!validateCampaignForm()) return;
  const id = $('#campaign-form').dataset.id;
  try {
    const c = id ? await api(`/api/outbound/campaigns/${id}`, { method: 'PATCH', json: campaignPayload() })
                 : await api('/api/outbound/campaigns', { method: 'POST', json: campaignPayload() });
    const file = $('#f-leads-file').files[0];
    closeDialog('campaign-modal');
    await loadCampaigns(); await selectCampaign(c.id);
    if (file && !id) { openImport(); await importFile(file); }
  } catch (e) {
    const input = fieldForServerError(e.field);
    if (input) { showFieldError(input, e.reason || e.message); input.focus(); }
    $('#campaign-error').textContent = e.message;
  }
}

async function uploadRecording() {
  const file = $('#f-recording-file').files[0]; if (!file) { toast('Choose a .wav or .ulaw file first'); return; }
  const form = new FormData(); form.append('file', file);
  try {
    const r = await api('/api/outbound/recordings/upload', { method: 'POST', body: form });
    await loadRecordings();
    const uri = r.uri || r.media_uri; toast('Uploaded ' + (r.name || uri));
    const url = previewUrl(uri);
    if (url) { $('#f-preview').src = url; $('#f-preview').hidden = false; }
  } catch (e) { toast(e.message); }
}

// ---------------------------------------------------------------- import

function openImport() {
  $('#import-result').innerHTML = ''; $('#import-progress').hidden = true; $('#import-file').value = '';
  openDialog('import-modal');
}

function importFile(file) {
  // imports.js runs every import as a server-side job (async=true) with a bar that follows the server's work; there is no
  // synchronous path left in the page, so the bar never stops at "upload done" while the server is still reading
  if (!window.aavaImports) { $('#import-result').innerHTML = '<p class="error" role="alert">The import module did not load; reload the page.</p>'; return Promise.resolve(); }
  return window.aavaImports.startImport(state.selected.id, file, { csrf: state.csrf, skipExisting: $('#import-skip-existing').checked,
    done: () => refreshSelected() });
}

// ---------------------------------------------------------------- DNC and audit (paged, with totals)

function pagerText(r, noun) {
  return `page ${r.page || 1} of ${Math.max(1, r.total_pages || 1)} · ${r.total || 0} ${noun}`;
}

async function loadDnc() {
  const q = new URLSearchParams({ page: state.dncPage, page_size: 50, all_scopes: 'true' });
  if ($('#dnc-search').value) q.set('q', $('#dnc-search').value);
  const r = await api('/api/outbound/dnc?' + q);
  const rows = r.entries || r.items || r.dnc || [];
  $('#dnc-table tbody').innerHTML = rows.map(d => `<tr><td data-label="Number">${esc(d.phone_number || d.phone_normalized)}</td>
    <td data-label="Scope">${d.campaign_id ? 'campaign ' + esc(d.campaign_id) : 'global'}</td><td data-label="Reason">${esc(d.reason)}</td>
    <td data-label="Source">${esc(d.source)}</td><td data-label="Added">${esc(fmtUtc(d.created_at_utc, state.meta && state.meta.server_timezone))}</td>
    <td data-label="Actions"><button data-undnc="${esc(d.phone_number || d.phone_normalized)}" data-scope="${esc(d.campaign_id || '')}"
      aria-label="Remove ${esc(d.phone_number)} from the do-not-call list">Remove</button></td></tr>`).join('');
  $('#dnc-page').textContent = pagerText(r, 'numbers');
  $('#dnc-prev').disabled = (r.page || 1) <= 1; $('#dnc-next').disabled = (r.page || 1) >= (r.total_pages || 1);
  $$('[data-undnc]').forEach(b => b.onclick = async () => {
    const q2 = new URLSearchParams({ phone_number: b.dataset.undnc }); if (b.dataset.scope) q2.set('campaign_id', b.dataset.scope);
    try { await api('/api/outbound/dnc?' + q2, { method: 'DELETE' }); await loadDnc(); } catch (e) { toast(e.message); }
  });
}

async function loadAudit() {
  const r = await api(`/api/outbound/audit?page=${state.auditPage}&page_size=50`);
  const rows = r.entries || r.items || r.audit || [];
  $('#audit-table tbody').innerHTML = rows.map(a => `<tr><td data-label="When">${esc(fmtUtc(a.at_utc || a.at, state.meta && state.meta.server_timezone))}</td>
    <td data-label="Who">${esc(a.actor)}</td><td data-label="Action">${esc(a.action)}</td>
    <td data-label="Subject">${esc(a.subject)}</td><td data-label="Details">${esc(a.details)}</td></tr>`).join('');
  $('#audit-page').textContent = pagerText(r, 'entries');
  $('#audit-prev').disabled = (r.page || 1) <= 1; $('#audit-next').disabled = (r.page || 1) >= (r.total_pages || 1);
}

function showTab(name) {
  const pages = $$('main[id^="page-"]').map(m => m.id.slice(5));
  if (!pages.includes(name)) name = 'campaigns';
  $$('.tab').forEach(t => { const on = t.dataset.tab === name; t.classList.toggle('active', on); if (on) t.setAttribute('aria-current', 'page'); else t.removeAttribute('aria-current'); });
  pages.forEach(p => { $('#page-' + p).hidden = p !== name; });
  if (name === 'dnc') loadDnc().catch(e => toast(e.message));
  if (name === 'audit') loadAudit().catch(e => toast(e.message));
  writeHash();
}

// ---------------------------------------------------------------- wiring

document.addEventListener('DOMContentLoaded', () => {
  $('#login-form').addEventListener('submit', login);
  $('#logout').onclick = async () => { await api('/api/logout', { method: 'POST' }).catch(() => {}); state.csrf = null; showLogin(); };
  $$('.tab').forEach(t => t.onclick = () => showTab(t.dataset.tab));
  $('#refresh').onclick = refreshAll;
  $('#date-format').onchange = () => { state.dateFormat = $('#date-format').value; localStorage.setItem('aava.dateFormat', state.dateFormat); tickClocks();
    if (state.selected) refreshSelected(false); if (!$('#page-dnc').hidden) loadDnc(); if (!$('#page-audit').hidden) loadAudit(); };
  $('#new-campaign').onclick = () => openCampaignModal(null);
  $('#campaign-form').addEventListener('submit', saveCampaign);
  $('#campaign-cancel').onclick = () => closeDialog('campaign-modal');
  $('#f-recording-upload').onclick = uploadRecording;
  $$('.recording-select').forEach(s => s.addEventListener('change', () => syncPreview(s)));
  $('#show-archived').onchange = loadCampaigns;
  const reloadLeads = () => { state.leadsPage = 1; loadLeads().catch(e => toast(e.message)); };
  $('#lead-state').onchange = reloadLeads; $('#lead-sort').onchange = reloadLeads; $('#lead-page-size').onchange = reloadLeads;
  $('#lead-search').oninput = () => { clearTimeout(state.searchTimer); state.searchTimer = setTimeout(reloadLeads, 250); };
  $('#leads-prev').onclick = () => { state.leadsPage--; loadLeads(); };
  $('#leads-next').onclick = () => { state.leadsPage++; loadLeads(); };
  const jump = () => { state.leadsPage = Math.max(1, Math.min(Number($('#leads-jump').max) || 1, Number($('#leads-jump').value) || 1)); loadLeads(); };
  $('#leads-go').onclick = jump;
  $('#leads-jump').addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); jump(); } });
  $$('[data-bulk]').forEach(b => b.onclick = () => bulk(b.dataset.bulk, b.dataset.mode));
  $('#attempts-prev').onclick = () => { state.attemptsPage--; loadAttempts(); };
  $('#attempts-next').onclick = () => { state.attemptsPage++; loadAttempts(); };
  $('#attempt-outcome').onchange = () => { state.attemptsPage = 1; loadAttempts(); };
  $('#chart-range').value = localStorage.getItem('aava.chartRange') || '30m';
  $('#chart-range').onchange = () => { localStorage.setItem('aava.chartRange', $('#chart-range').value); loadLive(true).catch(e => toast(e.message)); };
  $('#dnc-prev').onclick = () => { state.dncPage--; loadDnc(); };
  $('#dnc-next').onclick = () => { state.dncPage++; loadDnc(); };
  $('#audit-prev').onclick = () => { state.auditPage--; loadAudit(); };
  $('#audit-next').onclick = () => { state.auditPage++; loadAudit(); };
  $('#empty-import').onclick = openImport;
  $('#import-close').onclick = () => closeDialog('import-modal');
  $('#import-start').onclick = () => { const f = $('#import-file').files[0]; if (f) importFile(f); else toast('Choose a CSV file'); };
  $('#stop-only').onclick = () => { closeDialog('stop-modal'); setStatus('stopped', false); };
  $('#stop-cancel-pending').onclick = () => { closeDialog('stop-modal'); setStatus('stopped', true); };
  $('#stop-close').onclick = () => closeDialog('stop-modal');
  $('#checklist-close').onclick = () => closeDialog('checklist-modal');
  $('#checklist-start').onclick = () => { closeDialog('checklist-modal'); setStatus('running'); };
  $('#recycle-close').onclick = () => closeDialog('recycle-modal');
  $('#recycle-confirm').onclick = confirmRecycle;
  $$('input[name=recycle-mode]').forEach(r => r.onchange = () => { state.recycleArmed = false; $('#recycle-warning').hidden = true;
    $('#recycle-confirm').textContent = 'Recycle'; $('#recycle-confirm').className = 'primary'; });
  $('#history-close').onclick = () => closeDialog('history-modal');
  $$('dialog').forEach(d => d.addEventListener('close', () => { if (d.returnFocus && document.contains(d.returnFocus)) d.returnFocus.focus(); }));
  $('#dnc-add').addEventListener('submit', async ev => {
    ev.preventDefault();
    const scope = $('#dnc-scope').value;
    try { await api('/api/outbound/dnc', { method: 'POST', json: { phone_number: $('#dnc-number').value, reason: $('#dnc-reason').value || 'operator', campaign_id: scope ? Number(scope) : null } });
      $('#dnc-number').value = ''; await loadDnc(); } catch (e) { toast(e.message); }
  });
  $('#dnc-import').addEventListener('submit', async ev => {
    ev.preventDefault(); const f = $('#dnc-file').files[0]; if (!f) return;
    const form = new FormData(); form.append('file', f);
    const scope = $('#dnc-scope').value;
    try { const r = await api('/api/outbound/dnc/import' + (scope ? '?campaign_id=' + scope : ''), { method: 'POST', body: form });
      toast(`DNC import: ${r.accepted ?? 0} added, ${r.rejected ?? 0} rejected`); await loadDnc(); } catch (e) { toast(e.message); }
  });
  $('#dnc-search').oninput = () => { clearTimeout(state.dncTimer); state.dncTimer = setTimeout(() => { state.dncPage = 1; loadDnc(); }, 250); };
  window.addEventListener('hashchange', () => applyHash());
  document.addEventListener('keydown', trapFocus);
  boot().then(() => { if ($('#app-view').hidden) showLogin(); }).catch(() => showLogin());
});
