// The tabs and the URL hash: the selected tab and campaign survive a reload (#campaign=12&tab=dnc).
import { $, $$, toast } from './dom.js';
import { state } from './state.js';
import { loadDnc } from './dnc.js';
import { loadAudit } from './audit.js';

export function writeHash() {
  const tab = $$('.tab').find(t => t.classList.contains('active'));
  const parts = [];
  if (tab && tab.dataset.tab !== 'campaigns') parts.push('tab=' + tab.dataset.tab);
  if (state.selected) parts.push('campaign=' + state.selected.id);
  const h = parts.length ? '#' + parts.join('&') : '';
  if (location.hash !== h) history.replaceState(null, '', location.pathname + location.search + h);
}

export function showTab(name) {
  const pages = $$('main[id^="page-"]').map(m => m.id.slice(5));
  if (!pages.includes(name)) name = 'campaigns';
  $$('.tab').forEach(t => { const on = t.dataset.tab === name; t.classList.toggle('active', on); if (on) t.setAttribute('aria-current', 'page'); else t.removeAttribute('aria-current'); });
  pages.forEach(p => { $('#page-' + p).hidden = p !== name; });
  if (name === 'dnc') loadDnc().catch(e => toast(e.message));
  if (name === 'audit') loadAudit().catch(e => toast(e.message));
  writeHash();
}
