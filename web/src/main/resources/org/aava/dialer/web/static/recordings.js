// The recordings library: every recording with its label, original name, length and the campaigns that use it;
// rename, delete (the server refuses while a campaign uses it), preview; prompts made from text (TTS).
// It adds its own "Recordings" tab and page, and a Preview button beside each recording picker of the campaign form
// that plays exactly the recording chosen there.

const $ = (sel, root = document) => root.querySelector(sel);
const esc = v => String(v ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const SHIPPED = { consent: 'aava-consent-default', voicemail: 'aava-voicemail-default' };

async function call(path, opts = {}) {
  const headers = Object.assign({}, opts.headers || {});
  if (opts.json !== undefined) { headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(opts.json); }
  if ((opts.method || 'GET') !== 'GET') {
    const s = await fetch('/api/session', { credentials: 'same-origin' });
    if (s.ok) headers['X-CSRF-Token'] = (await s.json()).csrf_token;
  }
  const res = await fetch(path, { method: opts.method || 'GET', headers, body: opts.body, credentials: 'same-origin' });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
  return data;
}

function say(msg, error = false) {
  const p = $('#rec-status'); if (!p) return;
  p.textContent = msg; p.className = error ? 'error' : 'small';
}

const seconds = s => `${Number(s).toFixed(1)} s`;
const previewUrl = name => `/api/outbound/recordings/${encodeURIComponent(name)}/preview.wav`;

function play(name, audio) {
  audio.src = previewUrl(name) + '?t=' + Date.now(); // never a cached earlier file of that name
  audio.hidden = false;
  audio.play().catch(() => { /* autoplay refused: the controls are there */ });
}

async function loadLibrary() {
  const body = $('#rec-table tbody');
  try {
    const { recordings } = await call('/api/outbound/recordings');
    body.innerHTML = recordings.map(r => `<tr data-recording="${esc(r.name)}">
      <td><span class="rec-label">${esc(r.label)}</span><div class="small">${esc(r.name)}</div></td>
      <td class="rec-wide">${esc(r.original_name || '')}</td><td>${seconds(r.duration_seconds)}</td><td class="rec-wide">${esc(r.source)}</td>
      <td>${r.used_by.length ? r.used_by.map(u => `${esc(u.campaign_name)} (${esc(u.as)})`).join(', ') : '<span class="muted">not used</span>'}</td>
      <td class="rec-actions"><button type="button" data-act="play" aria-label="Preview ${esc(r.label)}">Preview</button>
        <button type="button" data-act="rename" aria-label="Rename ${esc(r.label)}">Rename</button>
        <button type="button" data-act="delete" class="danger" aria-label="Delete ${esc(r.label)}" ${r.used_by.length || r.source === 'shipped' ? 'disabled title="In use by a campaign (or shipped): assign another recording first"' : ''}>Delete</button></td></tr>`).join('');
  } catch (e) { say(e.message, true); }
}

async function onTableClick(ev) {
  const button = ev.target.closest('button[data-act]'); if (!button) return;
  const row = button.closest('tr'); const name = row.dataset.recording; const label = $('.rec-label', row).textContent;
  try {
    if (button.dataset.act === 'play') play(name, $('#rec-audio'));
    if (button.dataset.act === 'rename') {
      const next = prompt(`New name for "${label}"`, label);
      if (next && next.trim() && next !== label) { await call(`/api/outbound/recordings/${encodeURIComponent(name)}`, { method: 'PATCH', json: { label: next.trim() } }); say(`Renamed to ${next.trim()}`); }
    }
    if (button.dataset.act === 'delete' && confirm(`Delete the recording "${label}"? This cannot be undone.`)) {
      await call(`/api/outbound/recordings/${encodeURIComponent(name)}`, { method: 'DELETE' }); say(`Deleted ${label}`);
    }
    await loadLibrary();
  } catch (e) { say(e.message, true); }
}

async function loadTts() {
  try {
    const { campaigns } = { campaigns: await call('/api/outbound/campaigns') };
    const pick = $('#tts-campaign'); const chosen = pick.value;
    pick.innerHTML = '<option value="">(none)</option>' + campaigns.map(c => `<option value="${c.id}">${esc(c.name)}</option>`).join('');
    pick.value = chosen;
    const t = await call('/api/outbound/tts');
    $('#tts-voice').innerHTML = t.voices.map(v => `<option ${v === t.default_voice ? 'selected' : ''}>${esc(v)}</option>`).join('');
    if (!$('#tts-text').value) $('#tts-text').value = t.default_voicemail_text;
    $('#tts-text').maxLength = t.max_text_chars;
    $('#tts-engine').textContent = t.available ? `Engine: ${t.engine}` : `Unavailable: ${t.problem}`;
    $('#tts-make').disabled = !t.available;
  } catch (e) { $('#tts-engine').textContent = e.message; }
}

async function makeTts(ev) {
  ev.preventDefault();
  const button = $('#tts-make'); button.disabled = true; say('Making the recording…');
  try {
    const r = await call('/api/outbound/recordings/tts', { method: 'POST',
      json: { name: $('#tts-name').value.trim(), text: $('#tts-text').value, voice: $('#tts-voice').value || undefined } });
    say(`Made "${r.label}" (${seconds(r.duration_seconds)}); choose it as a campaign's voicemail or consent recording.`);
    play(r.name, $('#tts-audio'));
    await loadLibrary();
    if (window.loadRecordings) window.loadRecordings();
  } catch (e) { say(e.message, true); } finally { button.disabled = false; }
}

const STYLE = `
#page-recordings label { display:block; margin:6px 0; }
#page-recordings #tts-name, #page-recordings #tts-text { width:100%; }
#page-recordings #tts-voice { max-width:100%; }
#page-recordings textarea { font:inherit; padding:4px 6px; border:1px solid var(--line, #e1e5ea); border-radius:5px; }
#page-recordings audio { display:block; margin-top:8px; max-width:100%; }
#rec-table td.rec-actions { white-space:normal; }
#rec-table td.rec-actions button { margin:2px 0; }
@media (max-width: 700px) { #rec-table .rec-wide { display:none; } }
.recording-preview { margin-left:6px; }`;

function buildPage() {
  const nav = $('nav'); const audit = $('#page-audit');
  if (!nav || !audit || $('#page-recordings')) return;
  const style = document.createElement('style'); style.textContent = STYLE; document.head.append(style);
  const tab = document.createElement('button');
  tab.id = 'tab-recordings'; tab.className = 'tab'; tab.dataset.tab = 'recordings'; tab.type = 'button'; tab.textContent = 'Recordings';
  nav.insertBefore(tab, $('#logout'));
  const page = document.createElement('main');
  page.id = 'page-recordings'; page.hidden = true;
  page.innerHTML = `<section class="card" aria-labelledby="rec-title">
      <h2 id="rec-title">Recordings</h2>
      <p id="rec-status" class="small" role="status"></p>
      <div class="table-wrap"><table id="rec-table"><caption class="small" style="text-align:left">Every recording in the media folder; a recording a campaign uses cannot be deleted.</caption>
        <thead><tr><th scope="col">Name</th><th scope="col" class="rec-wide">Original file</th><th scope="col">Length</th><th scope="col" class="rec-wide">Source</th>
        <th scope="col">Used by</th><th scope="col">Actions</th></tr></thead><tbody></tbody></table></div>
      <audio id="rec-audio" controls preload="none" hidden></audio>
    </section>
    <section class="card" aria-labelledby="tts-title">
      <h2 id="tts-title">Message from text</h2>
      <form id="tts-form">
        <label>Name <input id="tts-name" required maxlength="120" placeholder="e.g. Spring voicemail"></label>
        <label>Voice <select id="tts-voice"></select></label>
        <label>Default text for campaign <select id="tts-campaign"><option value="">(none)</option></select></label>
        <label>Text <textarea id="tts-text" rows="4" required></textarea></label>
        <p class="small">A voicemail must say who called and give a number to call back and to opt out: replace {campaign} and {callback_number}.</p>
        <p id="tts-engine" class="small"></p>
        <button type="submit" id="tts-make" class="primary">Make recording</button>
        <audio id="tts-audio" controls preload="none" hidden></audio>
      </form>
    </section>`;
  audit.after(page);
  tab.addEventListener('click', () => {
    document.querySelectorAll('main[id^="page-"]').forEach(m => { m.hidden = m !== page; });
    document.querySelectorAll('.tab').forEach(t => t.classList.toggle('active', t === tab));
    loadLibrary(); loadTts();
  });
  document.querySelectorAll('.tab').forEach(t => { if (t !== tab) t.addEventListener('click', () => { page.hidden = true; }); });
  $('#rec-table').addEventListener('click', onTableClick);
  $('#tts-form').addEventListener('submit', makeTts);
  // the campaign's name and callback number go into the default voicemail text
  $('#tts-campaign').addEventListener('change', async ev => {
    if (!ev.target.value) return;
    try { $('#tts-text').value = (await call('/api/outbound/tts?campaign_id=' + ev.target.value)).default_voicemail_text; } catch (e) { say(e.message, true); }
  });
}

/** A Preview button beside each recording picker: it plays exactly the recording chosen (the shipped default for "(default)"). */
function addPickerPreviews() {
  for (const select of document.querySelectorAll('.recording-select')) {
    if (select.dataset.previewed) continue;
    select.dataset.previewed = '1';
    const kind = select.id === 'f-consent-media' ? 'consent' : 'voicemail';
    const b = document.createElement('button');
    b.type = 'button'; b.className = 'recording-preview'; b.id = select.id + '-preview'; b.textContent = 'Preview';
    b.setAttribute('aria-label', `Preview the ${kind} recording chosen`);
    b.addEventListener('click', () => {
      const uri = select.value;
      const name = uri && uri.startsWith('sound:ai-generated/') ? uri.slice('sound:ai-generated/'.length) : SHIPPED[kind];
      const audio = $('#f-preview') || $('#rec-audio');
      play(name, audio);
    });
    select.after(b);
  }
}

function init() { buildPage(); addPickerPreviews(); }
window.aavaRecordings = { refresh: loadLibrary };
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
