// The campaign dialog (new and edit): filled from the campaign, checked in the browser first, and a server error
// shown at the field it names.
import { $, $$, closeDialog, esc, openDialog, toast } from './dom.js';
import { api } from './api.js';
import { state } from './state.js';
import { showCampaign } from './campaign-view.js';
import { importFile, openImport } from './imports.js';
import { loadRecordings, previewUrl, setRecording, syncPreview } from './recordings.js';

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

/** The choices that come from the server: its AI contexts and the AMD defaults shown as placeholders. */
export function fillCampaignFormChoices(meta) {
  $('#f-context').innerHTML = meta.ai_contexts.map(c => `<option value="${esc(c.name)}">${esc(c.name)}</option>`).join('');
  $('#amd-fields').innerHTML = Object.keys(AMD_HELP).map(k => `<label title="${esc(AMD_HELP[k])}">${k.replace(/_/g, ' ')}
      <input type="number" min="0" name="amd_options.${k}" id="amd-${k}" placeholder="${esc(meta.default_amd_options[k] ?? 'default')}"
        aria-describedby="amd-${k}-help">
      <small class="muted" id="amd-${k}-help">${esc(AMD_HELP[k])}</small></label>`).join('');
}

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

export async function openCampaignModal(c) {
  // fill the form from the campaign as it is now, not as the card was last drawn
  if (c) c = await api(`/api/outbound/campaigns/${c.id}`);
  await loadRecordings();
  const f = $('#campaign-form'); f.reset(); f.dataset.id = c ? c.id : '';
  // The version the form was filled from: the save sends it as If-Match, so a change someone made meanwhile is
  // refused (409) instead of overwritten by this form's older copy of it.
  f.dataset.version = c ? c.updated_at_utc : '';
  $('#campaign-modal-title').textContent = c ? 'Edit Campaign' : 'New Campaign';
  clearFieldErrors();
  $('#f-leads-box').hidden = !!c;
  if (c) {
    $('#f-name').value = c.name; $('#f-timezone').value = c.timezone;
    $('#f-start').value = c.daily_window_start_local; $('#f-end').value = c.daily_window_end_local;
    $('#f-max').value = c.max_concurrent; $('#f-interval').value = c.min_interval_seconds_between_calls;
    $('#f-dial-timeout').value = c.dial_timeout_seconds; $('#f-context').value = c.default_context;
    $('#f-consent').checked = !!c.consent_enabled; $('#f-consent-timeout').value = c.consent_timeout_seconds;
    setRecording($('#f-consent-media'), c.consent_media_uri); $('#f-vm').checked = !!c.voicemail_drop_enabled;
    setRecording($('#f-vm-media'), c.voicemail_drop_media_uri);
    $('#f-callback').value = c.callback_number || '';
    $('#f-respect-lead-tz').checked = !!c.respect_lead_timezone; $('#f-max24').value = c.max_attempts_per_24h;
    $('#f-profile').value = c.compliance_profile; $('#f-optout').value = c.opt_out_digit;
    $('#f-require-consent').checked = !!c.require_consent_record; $('#f-caller-id').value = c.caller_id_number || '';
    $('#f-region').value = c.default_region || '';
    const lh = c.local_hours;
    $('#f-lh-enabled').checked = lh.enabled; $('#f-lh-earliest').value = lh.earliest; $('#f-lh-latest').value = lh.latest;
    $$('input[name=day]').forEach(d => { d.checked = c.days_of_week.length === 0 || c.days_of_week.includes(d.value); });
    const amd = c.amd_options;
    Object.keys(AMD_HELP).forEach(k => { $('#amd-' + k).value = amd[k] ?? ''; });
    $('#f-run-start').value = (c.run_start_at_utc || '').slice(0, 16); $('#f-run-end').value = (c.run_end_at_utc || '').slice(0, 16);
    $('#f-retry').checked = c.retry_policy.enabled; $('#f-retry-max').value = c.retry_policy.max_attempts;
  } else {
    $('#f-timezone').value = state.meta.server_timezone;
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
  body.callback_number = $('#f-callback').value;
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
    const version = $('#campaign-form').dataset.version;
    const c = id ? await api(`/api/outbound/campaigns/${id}`, { method: 'PATCH', json: campaignPayload(), headers: { 'If-Match': `"${version}"` } })
                 : await api('/api/outbound/campaigns', { method: 'POST', json: campaignPayload() });
    const file = $('#f-leads-file').files[0];
    closeDialog('campaign-modal');
    await showCampaign(c.id);
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
    toast('Uploaded ' + r.name);
    const url = previewUrl(r.uri);
    if (url) { $('#f-preview').src = url; $('#f-preview').hidden = false; }
  } catch (e) { toast(e.message); }
}

export function wireCampaignForm() {
  $('#campaign-form').addEventListener('submit', saveCampaign);
  $('#campaign-cancel').onclick = () => closeDialog('campaign-modal');
  $('#f-recording-upload').onclick = uploadRecording;
  $$('.recording-select').forEach(s => s.addEventListener('change', () => syncPreview(s)));
}
