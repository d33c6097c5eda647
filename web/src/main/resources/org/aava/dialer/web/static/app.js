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

const state = {
  csrf: null, meta: null, campaigns: [], selected: null, stats: null,
  leadsPage: 1, attemptsPage: 1, recycleLead: null, serverOffsetMs: 0, refreshTimer: null,
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
    const err = new Error(msg); err.status = res.status; err.field = data && data.field; throw err;
  }
  return data;
}

function toast(msg) {
  const t = $('#toast'); t.textContent = msg; t.style.display = 'block';
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.style.display = 'none'; }, 4000);
}

function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

// ---------------------------------------------------------------- login

function showLogin() {
  $('#app-view').hidden = true; $('#login-view').hidden = false; $('#login-password').focus();
}

async function login(ev) {
  ev.preventDefault();
  try {
    const r = await api('/api/login', { method: 'POST', json: { password: $('#login-password').value } });
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
      <input type="number" min="0" name="amd_${k}" id="amd-${k}" placeholder="${esc((state.meta.default_amd_options || {})[k] ?? 'default')}">
      <small class="muted">${esc(AMD_HELP[k])}</small></label>`).join('');
  await Promise.all([loadCampaigns(), loadHealth(), loadDialplan(), loadRecordings()]);
  tickClocks(); setInterval(tickClocks, 1000);
  setInterval(loadHealth, 5000);
}

// ---------------------------------------------------------------- clocks and health

function fmtTime(date, zone) {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone || 'UTC', hour: '2-digit', minute: '2-digit', second: '2-digit',
      year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  } catch (e) { return date.toISOString(); }
}

function tickClocks() {
  const now = new Date(Date.now() + state.serverOffsetMs);
  const serverZone = state.meta ? state.meta.server_timezone : 'UTC';
  const campZone = state.selected ? state.selected.timezone : null;
  $('#server-clock').textContent = fmtTime(now, serverZone); $('#server-zone').textContent = serverZone;
  $('#campaign-clock').textContent = campZone ? fmtTime(now, campZone) : '–'; $('#campaign-zone').textContent = campZone || '';
  const modalZone = $('#f-timezone').value || 'UTC';
  $$('.modal-server-clock').forEach(e => { e.textContent = fmtTime(now, serverZone); });
  $$('.modal-campaign-clock').forEach(e => { e.textContent = fmtTime(now, modalZone); });
}

async function loadHealth() {
  try {
    const h = await api('/api/health');
    const good = v => ['connected', 'listening', 'ok', 'writable', 'present', 'up'].includes(String(v));
    const keys = ['status', 'ari', 'agi', 'db', 'media_dir', 'dialplan', 'live_calls'];
    $('#health-panel').innerHTML = '<b>Outbound Health</b> ' + keys.filter(k => h[k] !== undefined).map(k =>
      `<span data-health="${k}" class="${k === 'live_calls' || k === 'status' ? '' : (good(h[k]) ? 'ok' : 'bad')}">${k}: ${esc(h[k])}</span>`).join(' ');
  } catch (e) { $('#health-panel').textContent = 'Health unavailable: ' + e.message; }
}

async function loadDialplan() {
  try { $('#dialplan-text').textContent = await api('/api/outbound/dialplan'); }
  catch (e) { $('#dialplan-text').textContent = e.message; }
}

async function loadRecordings() {
  try {
    const r = await api('/api/outbound/recordings');
    const list = Array.isArray(r) ? r : (r.recordings || []);
    const opts = '<option value="">(default)</option>' + list.map(x => `<option value="${esc(x.uri || x.media_uri)}">${esc(x.label || x.name)}</option>`).join('');
    $$('.recording-select').forEach(s => { const v = s.value; s.innerHTML = opts; s.value = v; });
  } catch (e) { /* recordings are optional */ }
}

// ---------------------------------------------------------------- campaigns

async function loadCampaigns() {
  const r = await api('/api/outbound/campaigns' + ($('#show-archived').checked ? '?include_archived=true' : ''));
  state.campaigns = Array.isArray(r) ? r : (r.campaigns || []);
  $('#campaigns').innerHTML = state.campaigns.map(c => `<li data-id="${c.id}" class="${state.selected && state.selected.id === c.id ? 'selected' : ''}">
      <div class="row"><b>${esc(c.name)}</b><span class="badge ${esc(c.status)}" data-status>${esc(c.status)}</span></div>
      <div class="small">${esc(c.timezone)} · ${esc(c.daily_window_start_local)}–${esc(c.daily_window_end_local)}</div></li>`).join('');
  $$('#campaigns li').forEach(li => li.addEventListener('click', () => selectCampaign(Number(li.dataset.id))));
  $('#dnc-scope').innerHTML = '<option value="">Global</option>' + state.campaigns.map(c => `<option value="${c.id}">${esc(c.name)}</option>`).join('');
  if (state.selected) {
    const fresh = state.campaigns.find(c => c.id === state.selected.id);
    if (fresh) state.selected = fresh;
  }
}

async function selectCampaign(id) {
  state.selected = state.campaigns.find(c => c.id === id) || await api(`/api/outbound/campaigns/${id}`);
  state.leadsPage = 1; state.attemptsPage = 1;
  $$('#campaigns li').forEach(li => li.classList.toggle('selected', Number(li.dataset.id) === id));
  await refreshSelected();
  scheduleRefresh();
}

function scheduleRefresh() {
  clearInterval(state.refreshTimer);
  // Live updates while a campaign runs: short polling keeps the page simple and proxy-friendly.
  state.refreshTimer = setInterval(async () => {
    if (!state.selected) return;
    if (state.selected.status === 'running' || (state.stats && state.stats.in_flight > 0)) {
      await loadCampaigns().catch(() => {});
      await refreshSelected().catch(() => {});
    }
  }, 2000);
}

async function refreshSelected() {
  const c = state.selected; if (!c) return;
  state.stats = await api(`/api/outbound/campaigns/${c.id}/stats`).catch(() => ({}));
  renderDetail(c, state.stats);
  await Promise.all([loadLeads(), loadAttempts()]);
}

function renderDetail(c, s) {
  const ls = s.lead_states || {}, oc = s.attempt_outcomes || {};
  const running = c.status === 'running';
  const explain = s.dialing_status || s.explanation || {};
  const windowText = s.window || (s.within_window === true ? 'within window' : s.within_window === false ? 'outside window' : '');
  $('#campaign-detail').innerHTML = `
    <div class="row"><h2 id="detail-name">${esc(c.name)}</h2><span id="detail-status" class="badge ${esc(c.status)}">${esc(c.status)}</span></div>
    <div class="small">${esc(c.timezone)} · window ${esc(c.daily_window_start_local)}–${esc(c.daily_window_end_local)}
      · max ${esc(c.max_concurrent)} concurrent · ${esc(c.min_interval_seconds_between_calls)} s apart · context ${esc(c.default_context)}</div>
    ${c.paused_reason ? `<p class="error" id="paused-reason">${esc(c.paused_reason)}</p>` : ''}
    <div class="tiles">
      <div class="tile"><h3>Queue</h3>Pending <b id="stat-pending">${ls.pending || 0}</b> · Leased ${ls.leased || 0}</div>
      <div class="tile"><h3>In progress</h3>Dialing ${(ls.dialing || 0) + (ls.amd_pending || 0)} · In call ${ls.in_progress || 0}
        · Live <b id="stat-inflight">${s.in_flight ?? 0}</b></div>
      <div class="tile"><h3>Outcomes</h3>Human <b id="stat-human">${oc.answered_human || 0}</b> · VM ${oc.voicemail_dropped || 0}
        · Errors ${oc.error || 0} · DNC ${ls.dnc || 0}</div>
      <div class="tile"><h3>Status</h3><span id="stat-window">${esc(windowText)}</span>
        <div class="small" id="stat-explain">${esc(explain.message || s.explain || '')}</div>
        ${s.next_window_opening ? `<div class="small">opens ${esc(s.next_window_opening)}</div>` : ''}</div>
    </div>
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
  $('#act-start').onclick = () => setStatus('running');
  $('#act-pause').onclick = () => setStatus('paused');
  $('#act-stop').onclick = () => $('#stop-modal').showModal();
  $('#act-edit').onclick = () => openCampaignModal(c);
  $('#act-import').onclick = openImport;
  $('#act-clone').onclick = async () => { try { const n = await api(`/api/outbound/campaigns/${c.id}/clone`, { method: 'POST' }); await loadCampaigns(); await selectCampaign(n.id); toast('Cloned'); } catch (e) { toast(e.message); } };
  $('#act-archive').onclick = async () => { try { await api(`/api/outbound/campaigns/${c.id}/archive`, { method: 'POST' }); await loadCampaigns(); await refreshSelected(); } catch (e) { toast(e.message); } };
  $('#act-delete').onclick = async () => {
    if (!confirm('Permanently delete this campaign and all its leads and attempts? This cannot be undone.')) return;
    try { await api(`/api/outbound/campaigns/${c.id}`, { method: 'DELETE' }); state.selected = null; await loadCampaigns();
      $('#campaign-detail').innerHTML = '<p class="muted">Deleted.</p>'; $('#leads-section').hidden = true; $('#attempts-section').hidden = true; }
    catch (e) { toast(e.message); }
  };
  $('#leads-section').hidden = false; $('#attempts-section').hidden = false;
}

async function setStatus(status, cancelPending = false) {
  const c = state.selected;
  try {
    state.selected = await api(`/api/outbound/campaigns/${c.id}/status`, { method: 'POST', json: { status, cancel_pending: cancelPending } });
    await loadCampaigns(); await refreshSelected();
  } catch (e) { toast(e.message); }
}

// ---------------------------------------------------------------- leads

async function loadLeads() {
  const c = state.selected; if (!c) return;
  const q = new URLSearchParams({ page: state.leadsPage, page_size: 50 });
  if ($('#lead-state').value) q.set('state', $('#lead-state').value);
  if ($('#lead-search').value) q.set('q', $('#lead-search').value);
  const r = await api(`/api/outbound/campaigns/${c.id}/leads?${q}`);
  const leads = r.leads || [];
  $('#leads-empty').hidden = !(r.total === 0 && !$('#lead-state').value && !$('#lead-search').value);
  const running = c.status === 'running';
  $('#leads-table tbody').innerHTML = leads.map(l => {
    const time = l.last_started_at_utc ? fmtTime(new Date(l.last_started_at_utc), c.timezone) : (l.next_attempt_at_utc ? 'retry ' + fmtTime(new Date(l.next_attempt_at_utc), c.timezone) : '');
    const amd = l.last_amd_status ? `${l.last_amd_status}${l.last_amd_cause ? '/' + l.last_amd_cause : ''}` : '';
    const live = ['leased', 'dialing', 'amd_pending', 'in_progress'].includes(l.state);
    return `<tr data-lead="${l.id}" data-state="${esc(l.state)}">
      <td>${esc(l.name)}</td><td>${esc(l.phone_number)}</td><td class="lead-state">${esc(l.state)}</td>
      <td>${esc(l.last_context || l.context_override || c.default_context)}</td><td>${esc(l.last_provider)}</td>
      <td>${esc(time)}</td><td>${l.last_duration_seconds != null ? esc(l.last_duration_seconds) + 's' : ''}</td>
      <td>${esc(l.attempt_count ?? 0)}</td><td class="lead-outcome">${esc(l.last_outcome_attempt || l.last_outcome || '')}</td>
      <td>${esc(amd)}</td><td>${esc(l.last_consent_dtmf)}</td>
      <td>${l.last_call_history_id ? `<button class="link" data-history="${l.last_call_history_id}">Open</button>` : ''}</td>
      <td><button data-recycle="${l.id}" ${live ? 'disabled' : ''}>Recycle</button>
          <button data-ignore="${l.id}" ${live || l.state === 'canceled' ? 'disabled' : ''}>${l.state === 'canceled' ? 'Ignored' : 'Ignore'}</button>
          <button data-dnc="${esc(l.phone_number)}" ${l.state === 'dnc' ? 'disabled' : ''}>DNC</button>
          <button data-delete="${l.id}" class="danger" ${running || live ? 'disabled title="Pause/stop the campaign to delete leads"' : ''}>Delete</button></td></tr>`;
  }).join('');
  $('#leads-page').textContent = `page ${r.page || 1} of ${Math.max(1, r.total_pages || 1)} · ${r.total || 0} leads`;
  $('#leads-prev').disabled = (r.page || 1) <= 1; $('#leads-next').disabled = (r.page || 1) >= (r.total_pages || 1);
  $$('[data-recycle]').forEach(b => b.onclick = () => { state.recycleLead = b.dataset.recycle; $('#recycle-modal').showModal(); });
  $$('[data-ignore]').forEach(b => b.onclick = () => leadAction(`/api/outbound/leads/${b.dataset.ignore}/ignore`, 'POST'));
  $$('[data-delete]').forEach(b => b.onclick = () => { if (confirm('Delete this lead and its attempts?')) leadAction(`/api/outbound/leads/${b.dataset.delete}`, 'DELETE'); });
  $$('[data-dnc]').forEach(b => b.onclick = () => leadAction('/api/outbound/dnc', 'POST', { phone_number: b.dataset.dnc, reason: 'operator', campaign_id: null }));
  $$('[data-history]').forEach(b => b.onclick = () => openHistory(b.dataset.history));
}

async function leadAction(path, method, json) {
  try { await api(path, { method, json }); await refreshSelected(); } catch (e) { toast(e.message); }
}

async function openHistory(id) {
  try {
    const h = await api(`/api/calls/${id}`);
    $('#history-body').innerHTML = `<dl>${Object.entries(h).filter(([k]) => k !== 'transcript').map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(typeof v === 'object' ? JSON.stringify(v) : v)}</dd>`).join('')}</dl>
      <h3>Transcript</h3><pre>${esc(h.transcript || '(none)')}</pre>
      <button type="button" id="history-dnc" class="danger">DNC this number</button>`;
    $('#history-dnc').onclick = async () => {
      try { await api('/api/outbound/dnc', { method: 'POST', json: { phone_number: h.phone_number, reason: 'operator (call record)', campaign_id: null } });
        toast('Added ' + h.phone_number + ' to the do-not-call list'); $('#history-modal').close(); await refreshSelected(); } catch (e) { toast(e.message); }
    };
    $('#history-modal').showModal();
  } catch (e) { toast(e.message); }
}

// ---------------------------------------------------------------- attempts

async function loadAttempts() {
  const c = state.selected; if (!c) return;
  const q = new URLSearchParams({ page: state.attemptsPage, page_size: 50 });
  if ($('#attempt-outcome').value) q.set('outcome', $('#attempt-outcome').value);
  const r = await api(`/api/outbound/campaigns/${c.id}/attempts?${q}`);
  $('#attempts-table tbody').innerHTML = (r.attempts || []).map(a => `<tr data-attempt="${a.id}">
    <td>${a.id}</td><td>${a.started_at_utc ? esc(fmtTime(new Date(a.started_at_utc), c.timezone)) : ''}</td>
    <td>${esc(a.name || a.lead_name)}</td><td>${esc(a.phone_number)}</td><td class="attempt-outcome">${esc(a.outcome || 'in progress')}</td>
    <td>${esc(a.amd_status)} ${esc(a.amd_cause)}</td><td>${esc(a.consent_result)} ${esc(a.consent_dtmf)}</td>
    <td>${esc(a.hangup_cause)} ${esc(a.hangup_cause_text)}</td><td>${esc(a.duration_seconds ?? '')}</td>
    <td>${esc(a.context)}</td><td>${esc(a.error_message)}</td></tr>`).join('');
  $('#attempts-page').textContent = `page ${r.page || 1} of ${Math.max(1, r.total_pages || 1)} · ${r.total || 0} attempts`;
  $('#attempts-prev').disabled = (r.page || 1) <= 1; $('#attempts-next').disabled = (r.page || 1) >= (r.total_pages || 1);
  const outcomes = Object.keys((state.stats || {}).attempt_outcomes || {});
  const sel = $('#attempt-outcome'); const cur = sel.value;
  sel.innerHTML = '<option value="">All outcomes</option>' + outcomes.map(o => `<option>${esc(o)}</option>`).join(''); sel.value = cur;
}

// ---------------------------------------------------------------- campaign modal

function openCampaignModal(c) {
  const f = $('#campaign-form'); f.reset(); f.dataset.id = c ? c.id : '';
  $('#campaign-modal-title').textContent = c ? 'Edit Campaign' : 'New Campaign';
  $('#campaign-error').textContent = '';
  $('#f-leads-box').hidden = !!c;
  if (c) {
    $('#f-name').value = c.name; $('#f-timezone').value = c.timezone;
    $('#f-start').value = c.daily_window_start_local; $('#f-end').value = c.daily_window_end_local;
    $('#f-max').value = c.max_concurrent; $('#f-interval').value = c.min_interval_seconds_between_calls;
    $('#f-dial-timeout').value = c.dial_timeout_seconds ?? 30; $('#f-context').value = c.default_context;
    $('#f-consent').checked = !!c.consent_enabled; $('#f-consent-timeout').value = c.consent_timeout_seconds ?? 5;
    $('#f-consent-media').value = c.consent_media_uri || ''; $('#f-vm').checked = !!c.voicemail_drop_enabled;
    $('#f-vm-media').value = c.voicemail_drop_media_uri || '';
    if ($('#f-callback')) $('#f-callback').value = c.callback_number || '';
    $('#f-respect-lead-tz').checked = !!c.respect_lead_timezone; $('#f-max24').value = c.max_attempts_per_24h ?? 0;
    const lh = c.local_hours || {};
    $('#f-lh-enabled').checked = lh.enabled !== false; $('#f-lh-earliest').value = lh.earliest || '08:00'; $('#f-lh-latest').value = lh.latest || '21:00';
    const days = Array.isArray(c.days_of_week) ? c.days_of_week : String(c.days_of_week || '').split(',');
    $$('input[name=day]').forEach(d => { d.checked = days.length === 0 || days.includes(d.value); });
    const amd = c.amd_options || {};
    Object.keys(AMD_HELP).forEach(k => { $('#amd-' + k).value = amd[k] ?? ''; });
    const retry = c.retry_policy || {};
    $('#f-retry').checked = !!retry.enabled; $('#f-retry-max').value = retry.max_attempts ?? 3;
  } else {
    $('#f-timezone').value = (state.meta && state.meta.server_timezone) || 'UTC';
  }
  $('#campaign-modal').showModal();
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
  if ($('#f-consent-media').value) body.consent_media_uri = $('#f-consent-media').value;
  if ($('#f-vm-media').value) body.voicemail_drop_media_uri = $('#f-vm-media').value;
  if ($('#f-callback')) body.callback_number = $('#f-callback').value;
  return body;
}

async function saveCampaign(ev) {
  ev.preventDefault();
  const id = $('#campaign-form').dataset.id;
  try {
    const c = id ? await api(`/api/outbound/campaigns/${id}`, { method: 'PATCH', json: campaignPayload() })
                 : await api('/api/outbound/campaigns', { method: 'POST', json: campaignPayload() });
    const file = $('#f-leads-file').files[0];
    $('#campaign-modal').close();
    await loadCampaigns(); await selectCampaign(c.id);
    if (file && !id) { openImport(); await importFile(file); }
  } catch (e) { $('#campaign-error').textContent = e.message; }
}

async function uploadRecording() {
  const file = $('#f-recording-file').files[0]; if (!file) { toast('Choose a .wav or .ulaw file first'); return; }
  const form = new FormData(); form.append('file', file);
  try {
    const r = await api('/api/outbound/recordings/upload', { method: 'POST', body: form });
    await loadRecordings();
    const uri = r.uri || r.media_uri; toast('Uploaded ' + (r.name || uri));
    if (r.name) $('#f-preview').src = `/api/outbound/recordings/${encodeURIComponent(r.name)}/preview.wav`;
  } catch (e) { toast(e.message); }
}

// ---------------------------------------------------------------- import

function openImport() {
  $('#import-result').innerHTML = ''; $('#import-progress').hidden = true; $('#import-file').value = '';
  $('#import-modal').showModal();
}

function importFile(file) {
  // imports.js runs it as a server-side job with a bar that follows the server's work
  if (window.aavaImports) {
    return window.aavaImports.startImport(state.selected.id, file, { csrf: state.csrf, skipExisting: $('#import-skip-existing').checked,
      done: () => refreshSelected() });
  }
  // XMLHttpRequest rather than fetch: it reports upload progress for large files.
  return new Promise(resolve => {
    const c = state.selected;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/outbound/campaigns/${c.id}/leads/import?skip_existing=${$('#import-skip-existing').checked}`);
    if (state.csrf) xhr.setRequestHeader('X-CSRF-Token', state.csrf);
    const bar = $('#import-progress'); bar.hidden = false; bar.value = 0;
    xhr.upload.onprogress = e => { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = async () => {
      bar.value = 100;
      let r = {}; try { r = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status >= 400) { $('#import-result').innerHTML = `<p class="error">${esc(r.error || xhr.statusText)}</p>`; resolve(); return; }
      $('#import-result').innerHTML = `<p id="import-summary">Accepted <b id="import-accepted">${r.accepted ?? 0}</b> ·
        Duplicates <b id="import-duplicates">${r.duplicates ?? 0}</b> · Rejected <b id="import-rejected">${r.rejected ?? 0}</b>
        · DNC <b>${r.dnc ?? 0}</b> · Warnings ${(r.warnings || []).length}</p>
        ${r.error_csv_url ? `<p><a id="import-error-csv" href="${esc(r.error_csv_url)}" download>Download error CSV</a></p>` : ''}
        ${(r.warnings || []).slice(0, 20).map(w => `<div class="small">row ${esc(w.row_number)}: ${esc(w.warning || w.warning_reason)}</div>`).join('')}`;
      await refreshSelected(); resolve();
    };
    xhr.onerror = () => { $('#import-result').innerHTML = '<p class="error">Upload failed</p>'; resolve(); };
    const form = new FormData(); form.append('file', file); xhr.send(form);
  });
}

// ---------------------------------------------------------------- DNC and audit

async function loadDnc() {
  const q = new URLSearchParams({ page: 1, page_size: 100, all_scopes: 'true' });
  if ($('#dnc-search').value) q.set('q', $('#dnc-search').value);
  const r = await api('/api/outbound/dnc?' + q);
  const rows = r.entries || r.items || r.dnc || [];
  $('#dnc-table tbody').innerHTML = rows.map(d => `<tr><td>${esc(d.phone_number || d.phone_normalized)}</td>
    <td>${d.campaign_id ? 'campaign ' + esc(d.campaign_id) : 'global'}</td><td>${esc(d.reason)}</td><td>${esc(d.source)}</td>
    <td>${esc(d.created_at_utc)}</td><td><button data-undnc="${esc(d.phone_number || d.phone_normalized)}" data-scope="${esc(d.campaign_id || '')}">Remove</button></td></tr>`).join('');
  $$('[data-undnc]').forEach(b => b.onclick = async () => {
    const q2 = new URLSearchParams({ phone_number: b.dataset.undnc }); if (b.dataset.scope) q2.set('campaign_id', b.dataset.scope);
    try { await api('/api/outbound/dnc?' + q2, { method: 'DELETE' }); await loadDnc(); } catch (e) { toast(e.message); }
  });
}

async function loadAudit() {
  const r = await api('/api/outbound/audit?page=1&page_size=100');
  const rows = r.entries || r.items || r.audit || [];
  $('#audit-table tbody').innerHTML = rows.map(a => `<tr><td>${esc(a.at_utc || a.at)}</td><td>${esc(a.actor)}</td><td>${esc(a.action)}</td>
    <td>${esc(a.subject)}</td><td>${esc(a.details)}</td></tr>`).join('');
}

function showTab(name) {
  $$('.tab').forEach(t => t.classList.toggle('active', t.dataset.tab === name));
  ['campaigns', 'dnc', 'audit'].forEach(p => { $('#page-' + p).hidden = p !== name; });
  if (name === 'dnc') loadDnc().catch(e => toast(e.message));
  if (name === 'audit') loadAudit().catch(e => toast(e.message));
}

// ---------------------------------------------------------------- wiring

document.addEventListener('DOMContentLoaded', () => {
  $('#login-form').addEventListener('submit', login);
  $('#logout').onclick = async () => { await api('/api/logout', { method: 'POST' }).catch(() => {}); state.csrf = null; showLogin(); };
  $$('.tab').forEach(t => t.onclick = () => showTab(t.dataset.tab));
  $('#new-campaign').onclick = () => openCampaignModal(null);
  $('#campaign-form').addEventListener('submit', saveCampaign);
  $('#campaign-cancel').onclick = () => $('#campaign-modal').close();
  $('#f-recording-upload').onclick = uploadRecording;
  $('#show-archived').onchange = loadCampaigns;
  $('#lead-state').onchange = () => { state.leadsPage = 1; loadLeads(); };
  $('#lead-search').oninput = () => { state.leadsPage = 1; clearTimeout(state.searchTimer); state.searchTimer = setTimeout(loadLeads, 250); };
  $('#leads-prev').onclick = () => { state.leadsPage--; loadLeads(); };
  $('#leads-next').onclick = () => { state.leadsPage++; loadLeads(); };
  $('#attempts-prev').onclick = () => { state.attemptsPage--; loadAttempts(); };
  $('#attempts-next').onclick = () => { state.attemptsPage++; loadAttempts(); };
  $('#attempt-outcome').onchange = () => { state.attemptsPage = 1; loadAttempts(); };
  $('#empty-import').onclick = openImport;
  $('#import-close').onclick = () => $('#import-modal').close();
  $('#import-start').onclick = () => { const f = $('#import-file').files[0]; if (f) importFile(f); else toast('Choose a CSV file'); };
  $('#stop-only').onclick = () => { $('#stop-modal').close(); setStatus('stopped', false); };
  $('#stop-cancel-pending').onclick = () => { $('#stop-modal').close(); setStatus('stopped', true); };
  $('#stop-close').onclick = () => $('#stop-modal').close();
  $('#recycle-close').onclick = () => $('#recycle-modal').close();
  $('#recycle-confirm').onclick = async () => {
    const mode = $('input[name=recycle-mode]:checked').value; $('#recycle-modal').close();
    await leadAction(`/api/outbound/leads/${state.recycleLead}/recycle`, 'POST', { mode });
  };
  $('#history-close').onclick = () => $('#history-modal').close();
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
  $('#dnc-search').oninput = () => { clearTimeout(state.dncTimer); state.dncTimer = setTimeout(loadDnc, 250); };
  boot().then(() => { if ($('#app-view').hidden) showLogin(); }).catch(() => showLogin());
});
