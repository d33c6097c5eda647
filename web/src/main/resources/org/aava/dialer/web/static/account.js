// Signing in and out, who is signed in, and the "Account" tab where everyone changes their own password.
import { $, addPage, addStyle, addTab, fieldError, toast } from './dom.js';
import { api, onUnauthorized } from './api.js';
import { state } from './state.js';
import { usersSignedIn } from './users.js';

const ACCOUNT_PAGE = `<section class="card" aria-labelledby="account-heading">
    <h2 id="account-heading">My account</h2>
    <p id="account-who"></p>
    <form id="account-password" novalidate>
      <h3>Change my password</h3>
      <label for="account-current">Current password</label>
      <input id="account-current" type="password" required autocomplete="current-password">
      <label for="account-new">New password</label>
      <input id="account-new" type="password" required autocomplete="new-password" aria-describedby="account-new-help">
      <label for="account-confirm">New password again</label>
      <input id="account-confirm" type="password" required autocomplete="new-password">
      <p id="account-new-help" class="small">Your other sessions end; this one stays.</p>
      <button type="submit" class="primary" id="account-submit">Change password</button>
      <p id="account-error" class="error" role="alert"></p>
    </form>
  </section>`;

const STYLE = `
#page-account form { max-width:360px; } #page-account label { display:block; margin:8px 0 2px; } #page-account input { width:100%; }`;

export function showLogin() {
  $('#app-view').hidden = true; $('#login-view').hidden = false;
  // the last username is filled in (not a secret), so the password is what is left to type
  if (!$('#login-username').value) $('#login-username').value = localStorage.getItem('aava.lastUsername') || '';
  $('#login-password').focus();
}

/**
 * Who is logged in decides what the page offers: a viewer sees no write controls (body.read-only in app.css hides
 * them; the server refuses a viewer's writes anyway), and only admins get the Users tab (users.js).
 */
export async function loadMe() {
  state.me = await api('/api/users/me');
  document.body.dataset.role = state.me.role;
  document.body.classList.toggle('read-only', state.me.role === 'viewer');
  $('#whoami').textContent = `${state.me.username} (${state.me.role})`;
  usersSignedIn(state.me);
  $('#account-who').textContent = `Logged in as ${state.me.username}, ${state.me.role}.`;
}

async function changeOwnPassword(ev) {
  ev.preventDefault();
  const form = ev.target;
  const fields = { current_password: $('#account-current'), new_password: $('#account-new') };
  if ($('#account-new').value !== $('#account-confirm').value) {
    fieldError(form, $('#account-error'), { message: 'The two new passwords differ.', field: 'new_password' }, fields); return;
  }
  try {
    await api('/api/users/me/password', { method: 'POST',
      json: { current_password: fields.current_password.value, new_password: fields.new_password.value } });
    form.reset(); $('#account-error').textContent = ''; form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
    toast('Password changed');
  } catch (e) { fieldError(form, $('#account-error'), e, fields); }
}

/** The Account tab and page; "who am I" moves beside Log out, after every tab the views added. */
export function buildAccount() {
  if ($('#page-account')) return;
  addStyle(STYLE);
  addTab('tab-account', 'account', 'Account');
  $('#logout').before($('#whoami'));
  addPage('account', ACCOUNT_PAGE);
  $('#account-password').addEventListener('submit', changeOwnPassword);
}

/** @param {() => Promise<void>} afterLogin what a successful login goes on to (the page's boot) */
export function wireAccount(afterLogin) {
  onUnauthorized(showLogin);
  $('#login-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    try {
      const username = $('#login-username').value.trim();
      const r = await api('/api/login', { method: 'POST', json: username ? { username, password: $('#login-password').value } : { password: $('#login-password').value } });
      $('#login-password').value = '';
      if (username) localStorage.setItem('aava.lastUsername', username); else localStorage.removeItem('aava.lastUsername');
      state.csrf = r.csrf_token;
      $('#login-error').textContent = '';
      await afterLogin();
    } catch (e) { $('#login-error').textContent = e.message; }
  });
  $('#logout').onclick = async () => { await api('/api/logout', { method: 'POST' }).catch(() => {}); state.csrf = null; showLogin(); };
}
