// Lead imports as server-side jobs: upload (with its own progress), then a bar that follows the server's work
// (GET /api/outbound/imports/{id}) while the page stays usable; column mapping when the header is not ours.
// The dialog's markup is index.html's.
import { $, closeDialog, esc, openDialog, toast } from './dom.js';
import { state } from './state.js';
import { refreshSelected } from './campaign-view.js';

const FIELD_LABELS = { name: 'Name', phone_number: 'Phone number', agent: 'Agent (AI context, wins over context)', context: 'Context',
  timezone: 'Timezone', caller_id: 'Caller ID', custom_vars: 'Custom vars (JSON)' };

async function csrfToken(given) {
  if (given) return given;
  const r = await fetch('/api/session', { credentials: 'same-origin' });
  return r.ok ? (await r.json()).csrf_token : null;
}

async function jsonFetch(path, opts = {}) {
  const res = await fetch(path, Object.assign({ credentials: 'same-origin' }, opts));
  const data = await res.json().catch(() => ({}));
  if (!res.ok) { const e = new Error(data.error || `HTTP ${res.status}`); e.body = data; e.status = res.status; throw e; }
  return data;
}

/** Asks which of the file's columns hold ours; resolves with the mapping, or null when the operator cancels. */
function askMapping(preview, result) {
  return new Promise(resolve => {
    const opts = ['<option value="">(none)</option>', ...preview.header.map(h => `<option value="${esc(h)}">${esc(h)}</option>`)].join('');
    result.innerHTML = `<div id="import-mapping" role="group" aria-labelledby="import-mapping-title">
      <p id="import-mapping-title"><b>This file's header is not ours.</b> Choose the column that holds each field:</p>
      ${preview.fields.map(f => `<label>${esc(FIELD_LABELS[f] || f)} <select data-field="${esc(f)}">${opts}</select></label>`).join('')}
      <p class="small">First rows: ${preview.sample_rows.slice(0, 3).map(r => esc(r.join(' | '))).join('<br>')}</p>
      <p class="error" id="import-mapping-error" role="alert"></p>
      <div class="actions"><button type="button" id="import-mapping-cancel">Cancel</button>
        <button type="button" class="primary" id="import-mapping-go">Import with this mapping</button></div></div>`;
    for (const [field, header] of Object.entries(preview.suggested_mapping || {})) {
      const s = result.querySelector(`select[data-field="${field}"]`); if (s && header) s.value = header;
    }
    result.querySelector('select').focus();
    $('#import-mapping-cancel').onclick = () => { result.innerHTML = ''; resolve(null); };
    $('#import-mapping-go').onclick = () => {
      const mapping = {};
      result.querySelectorAll('select[data-field]').forEach(s => { if (s.value) mapping[s.dataset.field] = s.value; });
      if (!mapping.phone_number) { $('#import-mapping-error').textContent = 'Choose the column with the phone number.'; return; }
      resolve(mapping);
    };
  });
}

function upload(url, file, csrf, bar, label) {
  return new Promise((resolve, reject) => {
    // XMLHttpRequest rather than fetch: it reports upload progress for large files.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = e => {
      if (!e.lengthComputable) return;
      bar.value = Math.round(100 * e.loaded / e.total); label.textContent = `Uploading ${bar.value}% (then the server reads it)`;
    };
    xhr.onload = () => {
      let r = {}; try { r = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status >= 400) { const e = new Error(r.error || xhr.statusText); e.body = r; reject(e); } else resolve(r);
    };
    xhr.onerror = () => reject(new Error('Upload failed'));
    const form = new FormData(); form.append('file', file); xhr.send(form);
  });
}

function summary(job) {
  return `<p id="import-summary">Accepted <b id="import-accepted">${job.accepted}</b> ·
    Duplicates <b id="import-duplicates">${job.duplicates}</b> · Rejected <b id="import-rejected">${job.rejected}</b>
    · DNC <b>${job.dnc}</b> · Rows read <b>${job.rows_read}</b></p>
    ${job.error_csv_url ? `<p><a id="import-error-csv" href="${esc(job.error_csv_url)}" download>Download error CSV</a></p>` : ''}
    ${job.warnings.slice(0, 20).map(w => `<div class="small">row ${esc(w.row_number)}: ${esc(w.warning)}</div>`).join('')}`;
}

/**
 * Imports `file` into the campaign as a server-side job and follows it to its end.
 * @param {{csrf?: string, skipExisting?: boolean, done?: Function}} opts
 */
export async function startImport(campaignId, file, opts = {}) {
  const bar = $('#import-progress'), result = $('#import-result');
  let label = $('#import-progress-label');
  if (!label) { label = document.createElement('div'); label.id = 'import-progress-label'; label.className = 'small'; label.setAttribute('aria-live', 'polite'); bar.after(label); }
  bar.hidden = false; bar.value = 0; label.textContent = ''; result.innerHTML = '';
  const csrf = await csrfToken(opts.csrf);
  const name = encodeURIComponent(file.name || 'leads');
  let mapping = null;
  try {
    const pre = new FormData(); pre.append('file', file);
    const preview = await jsonFetch(`/api/outbound/campaigns/${campaignId}/leads/import/preview?filename=${name}`,
      { method: 'POST', body: pre, headers: csrf ? { 'X-CSRF-Token': csrf } : {} });
    if (preview.needs_mapping) {
      bar.hidden = true;
      mapping = await askMapping(preview, result);
      if (!mapping) return null;
      bar.hidden = false; result.innerHTML = '';
    }
  } catch (e) { bar.hidden = true; result.innerHTML = `<p class="error" role="alert">${esc(e.message)}</p>`; return null; }
  const query = `async=true&skip_existing=${opts.skipExisting !== false}&filename=${name}` + (mapping ? '&mapping=' + encodeURIComponent(JSON.stringify(mapping)) : '');
  let job;
  try {
    bar.setAttribute('aria-label', 'Upload progress');
    job = await upload(`/api/outbound/campaigns/${campaignId}/leads/import?${query}`, file, csrf, bar, label);
  } catch (e) { result.innerHTML = `<p class="error" role="alert">${esc(e.message)}</p>`; return null; }
  // the server's work: the bar starts again at 0 and follows the share of the file it has read (CSV: bytes, XLSX: rows of the sheet)
  bar.setAttribute('aria-label', 'Import progress'); bar.value = 0;
  for (;;) {
    // a share the server cannot tell keeps the bar where it was (never an indeterminate bar): the rows read still count up
    if (job.fraction_done != null) bar.value = Math.round(100 * job.fraction_done);
    const pct = job.fraction_done != null ? `${Math.round(100 * job.fraction_done)}% · ` : '';
    bar.setAttribute('aria-valuetext', `${pct}${job.rows_read} rows read`);
    label.textContent = `Import ${job.import_id}: ${job.status} · ${pct}read ${job.rows_read} rows · accepted ${job.accepted} · rejected ${job.rejected}`;
    if (job.status !== 'running') break;
    await new Promise(r => setTimeout(r, 500));
    try { job = await jsonFetch(job.status_url); } catch (e) { label.textContent = 'Lost track of the import: ' + e.message; return null; }
  }
  bar.value = 100;
  result.innerHTML = (job.status === 'finished' ? '' : `<p class="error" role="alert">Import ${esc(job.status)}: ${esc(job.error)}
      (${job.committed} rows committed before it stopped)</p>`) + summary(job);
  if (opts.done) await opts.done(job);
  return job;
}

/** Lead files may be XLSX too. */
function acceptXlsx() {
  for (const id of ['#import-file', '#f-leads-file']) {
    const input = $(id);
    if (input && !input.accept.includes('.xlsx')) input.accept += ',.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  }
}

export function openImport() {
  $('#import-result').innerHTML = ''; $('#import-progress').hidden = true; $('#import-file').value = '';
  openDialog('import-modal');
}

/**
 * Every import runs as a server-side job (async=true) with a bar that follows the server's work; there is no
 * synchronous path in the page, so the bar never stops at "upload done" while the server is still reading.
 */
export function importFile(file) {
  return startImport(state.selected.id, file, { csrf: state.csrf, skipExisting: $('#import-skip-existing').checked,
    done: () => refreshSelected() });
}

export function wireImports() {
  acceptXlsx();
  $('#empty-import').onclick = openImport;
  $('#import-close').onclick = () => closeDialog('import-modal');
  $('#import-start').onclick = () => { const f = $('#import-file').files[0]; if (f) importFile(f); else toast('Choose a CSV file'); };
}
