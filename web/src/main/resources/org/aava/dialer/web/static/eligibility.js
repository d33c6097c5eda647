// Campaign eligibility line ("1,240 of 5,000 leads can be called now; ..."), shown on the campaign card above Start.
// A GET needs no CSRF token, so this module fetches on its own; the campaign card calls showEligibility(campaignId).
const LABELS = {
  dnc: 'DNC', outside_local_hours: 'outside their local hours', state_rule: 'held by a state rule', cap_24h: 'at the 24 h cap',
  waiting_retry: 'waiting for a retry', invalid_number: 'invalid number', no_consent_record: 'without a consent record',
  outside_campaign_window: 'outside the campaign window',
};
const fmt = (n) => Number(n).toLocaleString('en-US');
const hhmm = (iso) => iso ? new Date(iso).toISOString().slice(11, 16) + ' UTC' : '';

export function eligibilityText(e) {
  const total = e.leads_total ?? 0;
  const parts = [`${fmt(e.eligible_now)} of ${fmt(total)} leads can be called now`];
  for (const [reason, n] of Object.entries(e.blocked || {})) {
    const label = LABELS[reason] || reason;
    parts.push(`${fmt(n)} ${label}${reason === 'outside_local_hours' && e.next_eligible_at_utc ? ` until ${hhmm(e.next_eligible_at_utc)}` : ''}`);
  }
  return parts.join('; ');
}

export async function showEligibility(campaignId) {
  const anchor = document.querySelector('#campaign-detail .actions');
  if (!anchor) return;
  let line = document.getElementById('eligibility-line');
  if (!line) {
    line = document.createElement('p');
    line.id = 'eligibility-line';
    line.className = 'small';
    anchor.before(line);
  }
  try {
    const res = await fetch(`/api/outbound/campaigns/${campaignId}/eligibility`, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    line.textContent = eligibilityText(await res.json());
  } catch (err) {
    line.textContent = `eligibility unavailable: ${err.message}`;
  }
}

