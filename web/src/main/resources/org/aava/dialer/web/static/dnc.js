// The do-not-call tab: every list (global and per campaign), paged and searchable; add a number, import a CSV, remove.
import { $, $$, esc, toast } from './dom.js';
import { api, pagerText } from './api.js';
import { fmtUtc } from './dates.js';
import { state } from './state.js';

export async function loadDnc() {
  const q = new URLSearchParams({ page: state.dncPage, page_size: 50, all_scopes: 'true' });
  if ($('#dnc-search').value) q.set('q', $('#dnc-search').value);
  const r = await api('/api/outbound/dnc?' + q);
  $('#dnc-table tbody').innerHTML = r.entries.map(d => `<tr><td data-label="Number">${esc(d.phone_number)}</td>
    <td data-label="Scope">${d.campaign_id ? 'campaign ' + esc(d.campaign_id) : 'global'}</td><td data-label="Reason">${esc(d.reason)}</td>
    <td data-label="Source">${esc(d.source)}</td><td data-label="Added">${esc(fmtUtc(d.created_at_utc, state.meta && state.meta.server_timezone))}</td>
    <td data-label="Actions"><button data-undnc="${esc(d.phone_number)}" data-scope="${esc(d.campaign_id || '')}"
      aria-label="Remove ${esc(d.phone_number)} from the do-not-call list">Remove</button></td></tr>`).join('');
  $('#dnc-page').textContent = pagerText(r, 'numbers');
  $('#dnc-prev').disabled = r.page <= 1; $('#dnc-next').disabled = r.page >= r.total_pages;
  $$('[data-undnc]').forEach(b => b.onclick = async () => {
    const q2 = new URLSearchParams({ phone_number: b.dataset.undnc }); if (b.dataset.scope) q2.set('campaign_id', b.dataset.scope);
    try { await api('/api/outbound/dnc?' + q2, { method: 'DELETE' }); await loadDnc(); } catch (e) { toast(e.message); }
  });
}

export function wireDnc() {
  $('#dnc-prev').onclick = () => { state.dncPage--; loadDnc(); };
  $('#dnc-next').onclick = () => { state.dncPage++; loadDnc(); };
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
      toast(`DNC import: ${r.accepted} added, ${r.rejected} rejected`); await loadDnc(); } catch (e) { toast(e.message); }
  });
  $('#dnc-search').oninput = () => { clearTimeout(state.dncTimer); state.dncTimer = setTimeout(() => { state.dncPage = 1; loadDnc(); }, 250); };
}
