// Users and roles (issue 18). Everyone gets an "Account" tab to change their own password; admins also get a "Users"
// tab: every user with their role, adding a user, changing a role, resetting a password and deleting (after the page's
// confirm dialog). app.js says who is logged in through window.aavaUsers.signedIn; its api(), ask(), openDialog() and
// toast() are used as they are, so CSRF and "log in again" work as on every other page.

const $ = (sel, root = document) => root.querySelector(sel);
const esc = v => String(v ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const ROLES = [
  ['viewer', 'Viewer: reads everything, changes nothing'],
  ['operator', 'Operator: campaigns, leads, DNC, imports, recordings'],
  ['admin', 'Admin: everything, including users'],
];
let me = null;

const USERS_PAGE = `<section class="card" aria-labelledby="users-heading">
    <h2 id="users-heading">Users</h2>
    <p id="users-status" class="small" role="status"></p>
    <div class="table-wrap"><table id="users-table" class="stack"><caption class="sr-only">Users and their roles</caption>
      <thead><tr><th scope="col">Username</th><th scope="col">Role</th><th scope="col">Last changed</th><th scope="col">Actions</th></tr></thead>
      <tbody></tbody></table></div>
  </section>
  <section class="card" aria-labelledby="user-add-heading">
    <h2 id="user-add-heading">Add a user</h2>
    <form id="user-add" class="inline" novalidate>
      <label for="user-add-name">Username</label>
      <input id="user-add-name" required maxlength="64" autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="user-add-help">
      <label for="user-add-password">Password</label>
      <input id="user-add-password" type="password" required autocomplete="new-password">
      <label for="user-add-role">Role</label>
      <select id="user-add-role">${ROLES.map(([r, text]) => `<option value="${r}">${esc(text)}</option>`).join('')}</select>
      <button type="submit" class="primary" id="user-add-submit">Add user</button>
    </form>
    <p id="user-add-help" class="small">Usernames: lower-case letters, digits, '.', '_' and '-'. A new user logs in with this username and password.</p>
    <p id="user-add-error" class="error" role="alert"></p>
  </section>`;

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

const RESET_DIALOG = `<form method="dialog" novalidate>
    <h2 id="user-password-title">Reset password</h2>
    <p class="small">The user's sessions end; tell them the new password.</p>
    <label for="user-password-new">New password</label>
    <input id="user-password-new" type="password" required autocomplete="new-password">
    <label for="user-password-confirm">New password again</label>
    <input id="user-password-confirm" type="password" required autocomplete="new-password">
    <p id="user-password-error" class="error" role="alert"></p>
    <div class="actions"><button type="button" id="user-password-cancel">Cancel</button>
      <button type="submit" class="primary" id="user-password-save">Set password</button></div>
  </form>`;

const STYLE = `
#page-account form { max-width:360px; } #page-account label { display:block; margin:8px 0 2px; } #page-account input { width:100%; }
#users-table select { max-width:100%; } #users-table td.user-actions button { margin:1px; }`;

function fieldError(form, errorBox, e, fields) {
  form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
  errorBox.textContent = e.reason || e.message;
  const input = fields[e.field];
  if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
}

async function loadUsers() {
  if (!me || me.role !== 'admin') return;
  const status = $('#users-status');
  try {
    const { users } = await window.api('/api/users');
    $('#users-table tbody').innerHTML = users.map(u => {
      const self = u.username === me.username;
      return `<tr data-user="${esc(u.username)}">
        <td data-label="Username">${esc(u.username)}${self ? ' <span class="muted">(you)</span>' : ''}</td>
        <td data-label="Role"><select data-act="role" aria-label="Role of ${esc(u.username)}">${ROLES.map(([r]) =>
          `<option value="${r}" ${r === u.role ? 'selected' : ''}>${r}</option>`).join('')}</select></td>
        <td data-label="Last changed">${esc(window.fmtUtc ? window.fmtUtc(u.updated_at, 'UTC') : u.updated_at)}</td>
        <td data-label="Actions" class="user-actions">
          <button type="button" data-act="password" aria-label="Reset the password of ${esc(u.username)}">Reset password</button>
          <button type="button" data-act="delete" class="danger" aria-label="Delete ${esc(u.username)}">Delete</button></td></tr>`;
    }).join('');
    status.textContent = `${users.length} user${users.length === 1 ? '' : 's'}`;
  } catch (e) { status.textContent = e.message; }
}

async function onUsersChange(ev) {
  const select = ev.target.closest('select[data-act="role"]'); if (!select) return;
  const name = select.closest('tr').dataset.user; const role = select.value;
  const ok = await window.ask(`Make ${name} ${role === 'admin' ? 'an' : 'a'} ${role}?`,
    `${name}'s sessions end; they log in again with the new role.`, 'Change role');
  if (ok) {
    try { await window.api(`/api/users/${encodeURIComponent(name)}`, { method: 'PATCH', json: { role } }); window.toast(`${name} is now ${role}`); }
    catch (e) { window.toast(e.reason || e.message); }
  }
  await loadUsers();
}

async function onUsersClick(ev) {
  const button = ev.target.closest('button[data-act]'); if (!button) return;
  const name = button.closest('tr').dataset.user;
  if (button.dataset.act === 'password') openReset(name);
  if (button.dataset.act === 'delete') {
    const ok = await window.ask(`Delete ${name}?`, `${name} can no longer log in and their sessions end. This cannot be undone.`, 'Delete user');
    if (!ok) return;
    try { await window.api(`/api/users/${encodeURIComponent(name)}`, { method: 'DELETE' }); window.toast(`Deleted ${name}`); }
    catch (e) { window.toast(e.reason || e.message); }
    await loadUsers();
  }
}

function openReset(name) {
  const d = $('#user-password-modal');
  d.dataset.user = name;
  $('#user-password-title').textContent = `Reset the password of ${name}`;
  $('#user-password-new').value = ''; $('#user-password-confirm').value = ''; $('#user-password-error').textContent = '';
  window.openDialog('user-password-modal');
  $('#user-password-new').focus();
}

async function saveReset(ev) {
  ev.preventDefault();
  const d = $('#user-password-modal'); const name = d.dataset.user; const form = ev.target;
  const fields = { password: $('#user-password-new') };
  if ($('#user-password-new').value !== $('#user-password-confirm').value) {
    fieldError(form, $('#user-password-error'), { message: 'The two passwords differ.', field: 'password' }, fields); return;
  }
  try {
    await window.api(`/api/users/${encodeURIComponent(name)}`, { method: 'PATCH', json: { password: $('#user-password-new').value } });
    window.closeDialog('user-password-modal'); window.toast(`New password set for ${name}`);
    await loadUsers();
  } catch (e) { fieldError(form, $('#user-password-error'), e, fields); }
}

async function addUser(ev) {
  ev.preventDefault();
  const form = ev.target;
  const fields = { username: $('#user-add-name'), password: $('#user-add-password'), role: $('#user-add-role') };
  try {
    const u = await window.api('/api/users', { method: 'POST',
      json: { username: fields.username.value.trim(), password: fields.password.value, role: fields.role.value } });
    form.reset(); $('#user-add-error').textContent = ''; form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
    window.toast(`Added ${u.username} (${u.role})`);
    await loadUsers();
  } catch (e) { fieldError(form, $('#user-add-error'), e, fields); }
}

async function changeOwnPassword(ev) {
  ev.preventDefault();
  const form = ev.target;
  const fields = { current_password: $('#account-current'), new_password: $('#account-new') };
  if ($('#account-new').value !== $('#account-confirm').value) {
    fieldError(form, $('#account-error'), { message: 'The two new passwords differ.', field: 'new_password' }, fields); return;
  }
  try {
    await window.api('/api/users/me/password', { method: 'POST',
      json: { current_password: fields.current_password.value, new_password: fields.new_password.value } });
    form.reset(); $('#account-error').textContent = ''; form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
    window.toast('Password changed');
  } catch (e) { fieldError(form, $('#account-error'), e, fields); }
}

function tab(id, name, label) {
  const t = document.createElement('button');
  t.id = id; t.className = 'tab'; t.dataset.tab = name; t.type = 'button'; t.textContent = label;
  $('nav').insertBefore(t, $('#logout'));
  return t;
}

function page(name, html) {
  const m = document.createElement('main');
  m.id = 'page-' + name; m.hidden = true; m.innerHTML = html;
  $('#page-audit').after(m);
  return m;
}

function build() {
  if (!$('nav') || !$('#page-audit') || $('#page-users')) return;
  const style = document.createElement('style'); style.textContent = STYLE; document.head.append(style);
  const users = tab('tab-users', 'users', 'Users'); users.hidden = true;
  tab('tab-account', 'account', 'Account');
  $('#logout').before($('#whoami')); // "who am I" stays beside Log out, after every tab the modules add
  page('users', USERS_PAGE); page('account', ACCOUNT_PAGE);
  const dialog = document.createElement('dialog');
  dialog.id = 'user-password-modal'; dialog.setAttribute('aria-labelledby', 'user-password-title'); dialog.innerHTML = RESET_DIALOG;
  document.body.append(dialog);
  users.addEventListener('click', loadUsers);
  $('#users-table').addEventListener('change', onUsersChange);
  $('#users-table').addEventListener('click', onUsersClick);
  $('#user-add').addEventListener('submit', addUser);
  $('#account-password').addEventListener('submit', changeOwnPassword);
  $('#user-password-modal form').addEventListener('submit', saveReset);
  $('#user-password-cancel').addEventListener('click', () => window.closeDialog('user-password-modal'));
}

/** app.js calls this after each login with {username, role}. */
function signedIn(who) {
  me = who;
  build();
  const admin = who.role === 'admin';
  $('#tab-users').hidden = !admin;
  $('#account-who').textContent = `Logged in as ${who.username}, ${who.role}.`;
  if (!admin && !$('#page-users').hidden && window.showTab) window.showTab('campaigns');
  if (admin) loadUsers();
  else { $('#users-table tbody').innerHTML = ''; $('#users-status').textContent = ''; } // nothing left from an admin's earlier login
}

window.aavaUsers = { signedIn, refresh: loadUsers };
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', build); else build();
