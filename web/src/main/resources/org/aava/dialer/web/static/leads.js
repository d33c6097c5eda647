// A campaign's leads: the paged, filtered table with each lead's actions (history, recycle, ignore, DNC, delete),
// the recycle dialog and the bulk actions on the leads the filters select.
import { $, $$, ask, closeDialog, esc, openDialog, toast } from './dom.js';
import { api } from './api.js';
import { fmtUtc } from './dates.js';
import { LIVE_STATES, state } from './state.js';
import { refreshSelected } from './campaign-view.js';

function leadFilters() {
  const f = {};
  if ($('#lead-state').value) f.state = $('#lead-state').value;
  if ($('#lead-search').value) f.q = $('#lead-search').value;
  return f;
}

export async function loadLeads() {
  const c = state.selected; if (!c) return;
  const size = Number($('#lead-page-size').value) || 50;
  const q = new URLSearchParams(Object.assign({ page: state.leadsPage, page_size: size, sort: $('#lead-sort').value }, leadFilters()));
  const r = await api(`/api/outbound/campaigns/${c.id}/leads?${q}`);
  const leads = r.leads;
  state.leads = leads; state.leadsTotal = r.total;
  const filtered = !!($('#lead-state').value || $('#lead-search').value);
  $('#leads-empty').hidden = !(r.total === 0 && !filtered);
  const running = c.status === 'running';
  $('#leads-table tbody').innerHTML = leads.map(l => {
    const time = l.last_started_at_utc ? fmtUtc(l.last_started_at_utc, c.timezone) : (l.next_attempt_at_utc ? 'retry ' + fmtUtc(l.next_attempt_at_utc, c.timezone) : '');
    const amd = l.last_amd_status ? `${l.last_amd_status}${l.last_amd_cause ? '/' + l.last_amd_cause : ''}` : '';
    const live = LIVE_STATES.includes(l.state);
    const who = esc(l.name || '(no name)');
    // a lead's own context wins over the campaign's; its last call says which one it got
    return `<tr data-lead="${l.id}" data-state="${esc(l.state)}">
      <td data-label="Lead"><b>${who}</b><span class="sub">${esc(l.phone_number)} · ${esc(l.last_context || l.context_override || c.default_context)}${l.last_provider ? ' · ' + esc(l.last_provider) : ''}</span></td>
      <td data-label="State" class="lead-state">${esc(l.state)}</td>
      <td data-label="Last call">${esc(time)}${l.last_duration_seconds != null ? `<span class="sub">${esc(l.last_duration_seconds)} s</span>` : ''}</td>
      <td data-label="Attempts">${esc(l.attempt_count)}</td>
      <td data-label="Outcome" class="lead-outcome">${esc(l.last_outcome_attempt || l.last_outcome || '')}</td>
      <td data-label="AMD / DTMF">${esc(amd)}${l.last_consent_dtmf ? ' · ' + esc(l.last_consent_dtmf) : ''}</td>
      <td data-label="Actions" class="row-actions">
          <button data-lead-history="${l.id}" aria-label="Call history of ${who}" ${l.attempt_count || l.last_attempt_id ? "" : "disabled"}>History</button>
          <button data-recycle="${l.id}" aria-label="Recycle ${who}" ${live ? 'disabled' : ''}>Recycle</button>
          <button data-ignore="${l.id}" aria-label="Ignore ${who}" ${live || l.state === 'canceled' ? 'disabled' : ''}>${l.state === 'canceled' ? 'Ignored' : 'Ignore'}</button>
          <button data-dnc="${esc(l.phone_number)}" aria-label="Add ${who} to the do-not-call list" ${l.state === 'dnc' ? 'disabled' : ''}>DNC</button>
          <button data-delete="${l.id}" aria-label="Delete ${who}" class="danger" ${running || live ? 'disabled title="Pause/stop the campaign to delete leads"' : ''}>Delete</button></td></tr>`;
  }).join('');
  const pages = Math.max(1, r.total_pages);
  $('#leads-page').textContent = `page ${r.page} of ${pages} · ${r.total} leads`;
  $('#leads-jump').max = pages; $('#leads-jump').value = r.page;
  $('#leads-prev').disabled = r.page <= 1; $('#leads-next').disabled = r.page >= pages;
  $('#bulk-count').textContent = `${r.total} leads match ${filtered ? 'the filter' : '(all leads)'}`;
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
  $('#recycle-lead').textContent = `${lead.name || '(no name)'} · ${lead.phone_number} · ${lead.state} · ${lead.attempt_count} attempts`;
  $('#recycle-warning').hidden = true; $('#recycle-confirm').textContent = 'Recycle'; $('#recycle-confirm').className = 'primary';
  openDialog('recycle-modal');
  $('input[name=recycle-mode][value=redial]').focus();
}

async function confirmRecycle() {
  const mode = $('input[name=recycle-mode]:checked').value;
  const lead = state.recycleLead;
  if (mode === 'reset' && !state.recycleArmed) {
    state.recycleArmed = true;
    $('#recycle-warning').textContent = `Reset deletes all ${lead.attempt_count} attempts of ${lead.name || lead.phone_number} and their call links. Press "Yes, reset" to confirm.`;
    $('#recycle-warning').hidden = false; $('#recycle-confirm').textContent = 'Yes, reset'; $('#recycle-confirm').className = 'danger';
    return;
  }
  closeDialog('recycle-modal');
  await leadAction(`/api/outbound/leads/${lead.id}/recycle`, 'POST', { mode });
}

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

export function wireLeads() {
  const reloadLeads = () => { state.leadsPage = 1; loadLeads().catch(e => toast(e.message)); };
  $('#lead-state').onchange = reloadLeads; $('#lead-sort').onchange = reloadLeads; $('#lead-page-size').onchange = reloadLeads;
  $('#lead-search').oninput = () => { clearTimeout(state.searchTimer); state.searchTimer = setTimeout(reloadLeads, 250); };
  $('#leads-prev').onclick = () => { state.leadsPage--; loadLeads(); };
  $('#leads-next').onclick = () => { state.leadsPage++; loadLeads(); };
  const jump = () => { state.leadsPage = Math.max(1, Math.min(Number($('#leads-jump').max) || 1, Number($('#leads-jump').value) || 1)); loadLeads(); };
  $('#leads-go').onclick = jump;
  $('#leads-jump').addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); jump(); } });
  $$('[data-bulk]').forEach(b => b.onclick = () => bulk(b.dataset.bulk, b.dataset.mode));
  $('#recycle-close').onclick = () => closeDialog('recycle-modal');
  $('#recycle-confirm').onclick = confirmRecycle;
  $$('input[name=recycle-mode]').forEach(r => r.onchange = () => { state.recycleArmed = false; $('#recycle-warning').hidden = true;
    $('#recycle-confirm').textContent = 'Recycle'; $('#recycle-confirm').className = 'primary'; });
  $('#history-close').onclick = () => closeDialog('history-modal');
}
