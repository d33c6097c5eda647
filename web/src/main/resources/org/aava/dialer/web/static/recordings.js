// The recordings library: every recording with its label, original name, length and the campaigns that use it;
// rename, delete (the server refuses while a campaign uses it), preview; prompts made from text (TTS).
// It adds its own "Recordings" tab and page, and a Preview button beside each recording picker of the campaign form
// that plays exactly the recording chosen there. It also fills those pickers (loadRecordings).
import { $, $$, closeDialog, esc, openDialog } from './dom.js';
import { api } from './api.js';

const SHIPPED = { consent: 'aava-consent-default', voicemail: 'aava-voicemail-default' };

/** A campaign's media URI ("sound:ai-generated/NAME") as the preview URL of exactly that recording, or null. */
export function previewUrl(uri) {
  const m = String(uri || '').match(/^sound:ai-generated\/(.+)$/);
  return m ? namePreviewUrl(m[1]) : null;
}

/** The campaign form's recording pickers: "(default)" and every recording of the library. */
export async function loadRecordings() {
  try {
    const { recordings } = await api('/api/outbound/recordings');
    const opts = '<option value="">(default)</option>' + recordings.map(x => `<option value="${esc(x.uri)}">${esc(x.label)}</option>`).join('');
    $$('.recording-select').forEach(s => { const v = s.value; s.innerHTML = opts; s.value = v; });
  } catch (e) { /* recordings are optional */ }
}

/** Selects the campaign's own recording, listing it even when the library does not (so Save never drops it). */
export function setRecording(select, uri) {
  if (uri && ![...select.options].some(o => o.value === uri)) select.add(new Option(uri, uri));
  select.value = uri || '';
}

/** The audio player beside a picker plays what the picker holds. */
export function syncPreview(select) {
  const audio = $('#' + select.dataset.preview); if (!audio) return;
  const url = previewUrl(select.value);
  if (url) { if (audio.getAttribute('src') !== url) audio.src = url; audio.hidden = false; } else { audio.removeAttribute('src'); audio.hidden = true; }
}

function say(msg, error = false) {
  const p = $('#rec-status'); if (!p) return;
  p.textContent = msg; p.className = error ? 'error' : 'small';
}

const seconds = s => `${Number(s).toFixed(1)} s`;
const namePreviewUrl = name => `/api/outbound/recordings/${encodeURIComponent(name)}/preview.wav`;

function play(name, audio) {
  audio.src = namePreviewUrl(name) + '?t=' + Date.now(); // never a cached earlier file of that name
  audio.hidden = false;
  audio.play().catch(() => { /* autoplay refused: the controls are there */ });
}

async function loadLibrary() {
  const body = $('#rec-table tbody');
  try {
    const { recordings } = await api('/api/outbound/recordings');
    body.innerHTML = recordings.map(r => `<tr data-recording="${esc(r.name)}"
      data-used-by="${esc(r.used_by.map(u => `${u.campaign_name} (${u.as})`).join(', '))}">
      <td data-label="Name"><span class="rec-label">${esc(r.label)}</span><div class="small">${esc(r.name)}</div></td>
      <td class="rec-wide" data-label="Original file">${esc(r.original_name || '')}</td><td class="rec-num" data-label="Length">${seconds(r.duration_seconds)}</td>
      <td class="rec-wide rec-num" data-label="Source">${esc(r.source)}</td>
      <td data-label="Used by">${r.used_by.length ? r.used_by.map(u => `${esc(u.campaign_name)} (${esc(u.as)})`).join(', ') : '<span class="muted">not used</span>'}</td>
      <td class="rec-actions" data-label="Actions"><button type="button" data-act="play" aria-label="Preview ${esc(r.label)}">Preview</button>
        <button type="button" data-act="rename" aria-label="Rename ${esc(r.label)}">Rename</button>
        <button type="button" data-act="delete" class="danger" aria-label="Delete ${esc(r.label)}" ${r.source === 'shipped' ? 'disabled title="The shipped default prompts cannot be deleted"' : ''}>Delete</button></td></tr>`).join('');
  } catch (e) { say(e.message, true); }
}

async function onTableClick(ev) {
  const button = ev.target.closest('button[data-act]'); if (!button) return;
  const row = button.closest('tr'); const name = row.dataset.recording; const label = $('.rec-label', row).textContent;
  if (button.dataset.act === 'play') { play(name, $('#rec-audio')); return; }
  if (button.dataset.act === 'rename') openRename(name, label, button);
  if (button.dataset.act === 'delete') openDelete(name, label, row.dataset.usedBy || '', button);
}

/** Opens one of the page's own dialogs: focus comes back to `opener` when it closes. */
function open(id, opener) {
  const d = openDialog(id);
  d.returnFocus = opener;
  return d;
}

const close = closeDialog;

/** After the table re-renders, focus goes to the same action of the same recording (or the heading when it is gone). */
async function reloadAndFocus(name, act) {
  await loadLibrary();
  loadRecordings();
  const again = [...document.querySelectorAll('#rec-table tbody tr')].find(r => r.dataset.recording === name);
  const target = again ? $(`button[data-act="${act}"]`, again) : $('#rec-title');
  if (target) target.focus();
}

function openRename(name, label, opener) {
  const d = open('rec-rename-modal', opener);
  d.dataset.recording = name;
  $('#rec-rename-title').textContent = `Rename "${label}"`;
  $('#rec-rename-file').textContent = `File: ${name}`;
  $('#rec-rename-input').value = label; $('#rec-rename-input').removeAttribute('aria-invalid');
  $('#rec-rename-error').textContent = '';
  $('#rec-rename-input').focus(); $('#rec-rename-input').select();
}

async function saveRename(ev) {
  ev.preventDefault();
  const d = $('#rec-rename-modal'); const name = d.dataset.recording; const input = $('#rec-rename-input');
  const next = input.value.trim();
  if (!next) { input.setAttribute('aria-invalid', 'true'); $('#rec-rename-error').textContent = 'Enter a name.'; input.focus(); return; }
  const save = $('#rec-rename-save'); save.disabled = true;
  try {
    await api(`/api/outbound/recordings/${encodeURIComponent(name)}`, { method: 'PATCH', json: { label: next } });
    d.returnFocus = null; close('rec-rename-modal');
    say(`Renamed to ${next}`);
    await reloadAndFocus(name, 'rename');
  } catch (e) {
    input.setAttribute('aria-invalid', 'true'); $('#rec-rename-error').textContent = e.message; input.focus();
  } finally { save.disabled = false; }
}

function openDelete(name, label, usedBy, opener) {
  const d = open('rec-delete-modal', opener);
  d.dataset.recording = name; d.dataset.label = label;
  $('#rec-delete-title').textContent = `Delete "${label}"?`;
  $('#rec-delete-text').textContent = `The file ${name} is removed from the media folder. This cannot be undone.`;
  const used = $('#rec-delete-used');
  used.textContent = usedBy ? `In use by ${usedBy}. The server refuses to delete a recording a campaign uses: assign another recording first.` : '';
  used.hidden = !usedBy;
  $('#rec-delete-error').textContent = '';
  $('#rec-delete-cancel').focus();
}

async function confirmDelete() {
  const d = $('#rec-delete-modal'); const name = d.dataset.recording; const label = d.dataset.label;
  const yes = $('#rec-delete-confirm'); yes.disabled = true;
  try {
    await api(`/api/outbound/recordings/${encodeURIComponent(name)}`, { method: 'DELETE' });
    d.returnFocus = null; close('rec-delete-modal');
    say(`Deleted ${label}`);
    await reloadAndFocus(name, 'delete');
  } catch (e) {
    // the server's own reason (in use by a campaign, shipped) stays in the dialog, beside the button that caused it
    $('#rec-delete-error').textContent = e.message;
    $('#rec-delete-cancel').focus();
  } finally { yes.disabled = false; }
}

const DIALOGS = `<dialog id="rec-rename-modal" aria-labelledby="rec-rename-title">
    <form method="dialog" id="rec-rename-form" novalidate>
      <h2 id="rec-rename-title">Rename recording</h2>
      <p id="rec-rename-file" class="small"></p>
      <label for="rec-rename-input">New name</label>
      <input id="rec-rename-input" required maxlength="120" autocomplete="off" aria-describedby="rec-rename-help rec-rename-error">
      <p id="rec-rename-help" class="small">The name shown in the library and the campaign form; the file and campaigns using it stay as they are.</p>
      <p id="rec-rename-error" class="error" role="alert"></p>
      <div class="actions"><button type="button" id="rec-rename-cancel">Cancel</button>
        <button type="submit" class="primary" id="rec-rename-save">Rename</button></div>
    </form>
  </dialog>
  <dialog id="rec-delete-modal" aria-labelledby="rec-delete-title" aria-describedby="rec-delete-text">
    <form method="dialog">
      <h2 id="rec-delete-title">Delete recording?</h2>
      <p id="rec-delete-text"></p>
      <p id="rec-delete-used" class="small" hidden></p>
      <p id="rec-delete-error" class="error" role="alert"></p>
      <div class="actions"><button type="button" id="rec-delete-cancel">Cancel</button>
        <button type="button" class="danger" id="rec-delete-confirm">Delete</button></div>
    </form>
  </dialog>`;

async function loadTts() {
  try {
    const campaigns = await api('/api/outbound/campaigns');
    const pick = $('#tts-campaign'); const chosen = pick.value;
    pick.innerHTML = '<option value="">(none)</option>' + campaigns.map(c => `<option value="${c.id}">${esc(c.name)}</option>`).join('');
    pick.value = chosen;
    const t = await api('/api/outbound/tts');
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
    const r = await api('/api/outbound/recordings/tts', { method: 'POST',
      json: { name: $('#tts-name').value.trim(), text: $('#tts-text').value, voice: $('#tts-voice').value || undefined } });
    say(`Made "${r.label}" (${seconds(r.duration_seconds)}); choose it as a campaign's voicemail or consent recording.`);
    play(r.name, $('#tts-audio'));
    await loadLibrary();
    loadRecordings();
  } catch (e) { say(e.message, true); } finally { button.disabled = false; }
}

const STYLE = `
#page-recordings label { display:block; margin:6px 0; }
#page-recordings #tts-name, #page-recordings #tts-text { width:100%; }
#page-recordings #tts-voice { max-width:100%; }
#page-recordings textarea { font:inherit; padding:4px 6px; border:1px solid var(--line, #e1e5ea); border-radius:5px; }
#page-recordings audio { display:block; margin-top:8px; max-width:100%; }
#rec-table caption { text-align:left; caption-side:top; }
#rec-table th, #rec-table td.rec-num { white-space:nowrap; overflow-wrap:normal; }
#rec-table td.rec-actions { white-space:nowrap; }
#rec-table td.rec-actions button { margin:2px 0; }
#rec-table td .small { overflow-wrap:anywhere; }
@media (max-width: 700px) {
  #rec-table .rec-wide { display:none; }
  #rec-table caption { display:block; width:100%; }
  #rec-table td.rec-actions { white-space:normal; }
  #rec-table td.rec-actions::before { display:block; }
}
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
      <div class="table-wrap"><table id="rec-table" class="stack"><caption class="small">Every recording in the media folder; a recording a campaign uses cannot be deleted.</caption>
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
  const holder = document.createElement('div'); holder.innerHTML = DIALOGS;
  document.body.append(...holder.children);
  $('#rec-rename-form').addEventListener('submit', saveRename);
  $('#rec-rename-cancel').addEventListener('click', () => close('rec-rename-modal'));
  $('#rec-delete-cancel').addEventListener('click', () => close('rec-delete-modal'));
  $('#rec-delete-confirm').addEventListener('click', confirmDelete);
  for (const id of ['rec-rename-modal', 'rec-delete-modal']) {
    // focus goes back to the button that opened the dialog (Escape, Cancel)
    $('#' + id).addEventListener('close', ev => { const f = ev.target.returnFocus; if (f && document.contains(f)) f.focus(); });
  }
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
    try { $('#tts-text').value = (await api('/api/outbound/tts?campaign_id=' + ev.target.value)).default_voicemail_text; } catch (e) { say(e.message, true); }
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

/** Builds the tab, its page and dialogs, and the pickers' Preview buttons (app.js calls it once at start). */
export function initRecordings() { buildPage(); addPickerPreviews(); }
