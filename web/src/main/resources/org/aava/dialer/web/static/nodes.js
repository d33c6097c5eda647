// The nodes on this database and their Asterisk servers (issue 20), from /api/health: alive or not, last heartbeat,
// live calls per node and per server, and which node owns each server. Shown only when the server reports nodes.
import { $, esc } from './dom.js';
import { fmtUtc } from './dates.js';
import { state } from './state.js';

export function renderNodes(h) {
  const box = $('#nodes-panel');
  if (!Array.isArray(h.nodes)) { box.hidden = true; return; }
  box.hidden = false;
  const zone = state.meta && state.meta.server_timezone;
  const alive = h.nodes.filter(n => n.alive).length;
  const calls = h.nodes.reduce((sum, n) => sum + n.live_calls, 0);
  $('#nodes-summary').textContent = `Nodes: ${alive} of ${h.nodes.length} alive · live calls: ${calls}`;
  $('#nodes-table tbody').innerHTML = h.nodes.map(n => `<tr data-node="${esc(n.id)}"><td data-label="Node"><b>${esc(n.id)}</b></td>
    <td data-label="Status" class="${n.alive ? 'ok' : 'bad'}">${n.alive ? 'alive' : 'dead'}</td>
    <td data-label="Last heartbeat">${esc(fmtUtc(n.last_heartbeat_utc, zone))}</td>
    <td data-label="Asterisk servers">${esc(n.servers.join(', '))}</td><td data-label="Live calls">${esc(n.live_calls)}</td></tr>`).join('');
  $('#servers-table tbody').innerHTML = (h.servers || []).map(s => `<tr data-server="${esc(s.name)}"><td data-label="Asterisk server">${esc(s.name)}</td>
    <td data-label="Owner" class="${s.owner ? '' : 'bad'}">${esc(s.owner || 'none alive')}</td><td data-label="Live calls">${esc(s.live_calls)}</td></tr>`).join('');
}
