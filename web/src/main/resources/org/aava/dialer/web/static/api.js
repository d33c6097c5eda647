// The REST API as the page calls it: JSON in and out, the CSRF token on every write, and an error that carries the
// server's {error, field} (so a form can mark the field). A 401 sends the operator back to the login form.
import { state } from './state.js';

let unauthorized = () => {};

/** What to do when the session is gone (account.js shows the login form). */
export function onUnauthorized(handler) { unauthorized = handler; }

export async function api(path, opts = {}) {
  const headers = Object.assign({}, opts.headers || {});
  if (opts.json !== undefined) { headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(opts.json); }
  const method = opts.method || 'GET';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  const res = await fetch(path, { method, headers, body: opts.body, credentials: 'same-origin' });
  if (res.status === 401 && !path.startsWith('/api/login')) { unauthorized(); throw new Error('Please log in.'); }
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => ({})) : await res.text();
  if (!res.ok) {
    const msg = (data && data.error) ? data.error + (data.field ? ` (${data.field})` : '') : `HTTP ${res.status}`;
    const err = new Error(msg); err.status = res.status; err.field = data && data.field; err.reason = data && data.error; throw err;
  }
  return data;
}

/** "page 2 of 7 · 320 leads" under a paged table. */
export function pagerText(r, noun) {
  return `page ${r.page} of ${Math.max(1, r.total_pages)} · ${r.total} ${noun}`;
}
