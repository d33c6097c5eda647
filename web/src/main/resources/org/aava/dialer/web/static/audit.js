// The audit log tab: who did what, newest first, paged.
import { $, esc } from './dom.js';
import { api, pagerText } from './api.js';
import { fmtUtc } from './dates.js';
import { state } from './state.js';

export async function loadAudit() {
  const r = await api(`/api/outbound/audit?page=${state.auditPage}&page_size=50`);
  $('#audit-table tbody').innerHTML = r.entries.map(a => `<tr><td data-label="When">${esc(fmtUtc(a.at_utc, state.meta && state.meta.server_timezone))}</td>
    <td data-label="Who">${esc(a.actor)}</td><td data-label="Action">${esc(a.action)}</td>
    <td data-label="Subject">${esc(a.subject)}</td><td data-label="Details">${esc(a.details)}</td></tr>`).join('');
  $('#audit-page').textContent = pagerText(r, 'entries');
  $('#audit-prev').disabled = r.page <= 1; $('#audit-next').disabled = r.page >= r.total_pages;
}

export function wireAudit() {
  $('#audit-prev').onclick = () => { state.auditPage--; loadAudit(); };
  $('#audit-next').onclick = () => { state.auditPage++; loadAudit(); };
}
