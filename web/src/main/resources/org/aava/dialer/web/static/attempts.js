// A campaign's attempts (the paged table) and its live view: the numbers polled every 3 s and the two charts
// (outcomes over time, AMD split) over the chosen range.
import { $, esc, toast } from './dom.js';
import { api, pagerText } from './api.js';
import { fmtTime, fmtUtc } from './dates.js';
import { state } from './state.js';
import { updateTiles } from './campaign-view.js';

export async function loadAttempts() {
  const c = state.selected; if (!c) return;
  const q = new URLSearchParams({ page: state.attemptsPage, page_size: 50 });
  if ($('#attempt-outcome').value) q.set('outcome', $('#attempt-outcome').value);
  const r = await api(`/api/outbound/campaigns/${c.id}/attempts?${q}`);
  $('#attempts-table tbody').innerHTML = r.attempts.map(a => `<tr data-attempt="${a.id}">
    <td data-label="#">${a.id}</td><td data-label="Started">${esc(fmtUtc(a.started_at_utc, c.timezone))}</td>
    <td data-label="Lead">${esc(a.name)}<span class="sub">${esc(a.phone_number)}</span></td>
    <td data-label="Outcome" class="attempt-outcome">${esc(a.outcome || 'in progress')}</td>
    <td data-label="AMD">${esc(a.amd_status)} ${esc(a.amd_cause)}</td><td data-label="Consent">${esc(a.consent_result)} ${esc(a.consent_dtmf)}</td>
    <td data-label="Hangup">${esc(a.hangup_cause)} ${esc(a.hangup_cause_text)}</td><td data-label="Duration">${esc(a.duration_seconds ?? '')}</td>
    <td data-label="Error">${esc(a.error_message)}</td></tr>`).join('');
  $('#attempts-page').textContent = pagerText(r, 'attempts');
  $('#attempts-prev').disabled = r.page <= 1; $('#attempts-next').disabled = r.page >= Math.max(1, r.total_pages);
  const outcomes = Object.keys((state.stats || {}).attempt_outcomes || {});
  const sel = $('#attempt-outcome'); const cur = sel.value;
  sel.innerHTML = '<option value="">All outcomes</option>' + outcomes.map(o => `<option>${esc(o)}</option>`).join(''); sel.value = cur;
}

const RANGE_TEXT = { '30m': 'last 30 min', '6h': 'last 6 hours', '24h': 'last 24 hours', all: 'whole campaign' };

/**
 * The live numbers every poll; the chart's timeline too, except that a long range (read from every attempt of the
 * campaign) is fetched again only every 30 s or when the range or campaign changes, not every 3 s.
 */
export async function loadLive(forceChart = false) {
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

/** Chart.js comes from its WebJar as a classic script (the global Chart); the charts stay empty if it did not load. */
function drawCharts(live) {
  if (typeof Chart === 'undefined') return;
  const series = live.outcomes_over_time;
  const buckets = Object.keys(series);
  const outcomes = [...new Set(buckets.flatMap(m => Object.keys(series[m])))].sort();
  const zone = (state.selected || {}).timezone || 'UTC';
  const bucket = live.bucket_seconds;
  const h23 = state.dateFormat === 'iso' ? { hourCycle: 'h23' } : {};
  const days = (Date.parse(live.to_utc) - Date.parse(live.from_utc)) > 86400000 || bucket >= 86400;
  const fmt = new Intl.DateTimeFormat(state.dateFormat === 'iso' ? 'en-CA' : undefined, days
    ? { timeZone: zone, month: 'short', day: 'numeric', hour: bucket >= 86400 ? undefined : '2-digit', minute: bucket >= 86400 ? undefined : '2-digit', ...h23 }
    : { timeZone: zone, hour: '2-digit', minute: '2-digit', ...h23 });
  const labels = buckets.map(m => fmt.format(new Date(m)));
  const datasets = outcomes.map(o => ({ label: o, backgroundColor: OUTCOME_COLORS[o] || '#455a64',
    data: buckets.map(m => series[m][o] || 0) }));
  const amd = live.amd_split;
  const range = RANGE_TEXT[live.range];
  $('#chart-outcomes-caption').textContent = `Outcomes per ${bucketText(bucket)} (${range}, ${zone})`;
  $('#chart-amd-caption').textContent = `AMD split (${range})${Object.keys(amd).length ? '' : ': no AMD results'}`;
  const total = datasets.reduce((a, d) => a + d.data.reduce((x, y) => x + y, 0), 0);
  const span = ` (${fmtTime(new Date(live.from_utc), zone)} – ${fmtTime(new Date(live.to_utc), zone)})`;
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

export function wireAttempts() {
  $('#attempts-prev').onclick = () => { state.attemptsPage--; loadAttempts(); };
  $('#attempts-next').onclick = () => { state.attemptsPage++; loadAttempts(); };
  $('#attempt-outcome').onchange = () => { state.attemptsPage = 1; loadAttempts(); };
  $('#chart-range').value = localStorage.getItem('aava.chartRange') || '30m';
  $('#chart-range').onchange = () => { localStorage.setItem('aava.chartRange', $('#chart-range').value); loadLive(true).catch(e => toast(e.message)); };
}
