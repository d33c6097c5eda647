// Users and roles (issue 18), for admins: a "Users" tab with every user and their role, adding a user, changing a
// role, resetting a password and deleting (after the page's confirm dialog). Everyone's own password is account.js's.
import { $, addPage, addStyle, addTab, ask, closeDialog, esc, fieldError, openDialog, toast } from './dom.js';
import { api } from './api.js';
import { fmtUtc } from './dates.js';
import { showTab } from './tabs.js';

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
#users-table select { max-width:100%; } #users-table td.user-actions button { margin:1px; }`;

async function loadUsers() {
  if (!me || me.role !== 'admin') return;
  const status = $('#users-status');
  try {
    const { users } = await api('/api/users');
    $('#users-table tbody').innerHTML = users.map(u => {
      const self = u.username === me.username;
      return `<tr data-user="${esc(u.username)}">
        <td data-label="Username">${esc(u.username)}${self ? ' <span class="muted">(you)</span>' : ''}</td>
        <td data-label="Role"><select data-act="role" aria-label="Role of ${esc(u.username)}">${ROLES.map(([r]) =>
          `<option value="${r}" ${r === u.role ? 'selected' : ''}>${r}</option>`).join('')}</select></td>
        <td data-label="Last changed">${esc(fmtUtc(u.updated_at, 'UTC'))}</td>
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
  const ok = await ask(`Make ${name} ${role === 'admin' ? 'an' : 'a'} ${role}?`,
    `${name}'s sessions end; they log in again with the new role.`, 'Change role');
  if (ok) {
    try { await api(`/api/users/${encodeURIComponent(name)}`, { method: 'PATCH', json: { role } }); toast(`${name} is now ${role}`); }
    catch (e) { toast(e.reason || e.message); }
  }
  await loadUsers();
}

async function onUsersClick(ev) {
  const button = ev.target.closest('button[data-act]'); if (!button) return;
  const name = button.closest('tr').dataset.user;
  if (button.dataset.act === 'password') openReset(name);
  if (button.dataset.act === 'delete') {
    const ok = await ask(`Delete ${name}?`, `${name} can no longer log in and their sessions end. This cannot be undone.`, 'Delete user');
    if (!ok) return;
    try { await api(`/api/users/${encodeURIComponent(name)}`, { method: 'DELETE' }); toast(`Deleted ${name}`); }
    catch (e) { toast(e.reason || e.message); }
    await loadUsers();
  }
}

function openReset(name) {
  const d = $('#user-password-modal');
  d.dataset.user = name;
  $('#user-password-title').textContent = `Reset the password of ${name}`;
  $('#user-password-new').value = ''; $('#user-password-confirm').value = ''; $('#user-password-error').textContent = '';
  openDialog('user-password-modal');
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
    await api(`/api/users/${encodeURIComponent(name)}`, { method: 'PATCH', json: { password: $('#user-password-new').value } });
    closeDialog('user-password-modal'); toast(`New password set for ${name}`);
    await loadUsers();
  } catch (e) { fieldError(form, $('#user-password-error'), e, fields); }
}

async function addUser(ev) {
  ev.preventDefault();
  const form = ev.target;
  const fields = { username: $('#user-add-name'), password: $('#user-add-password'), role: $('#user-add-role') };
  try {
    const u = await api('/api/users', { method: 'POST',
      json: { username: fields.username.value.trim(), password: fields.password.value, role: fields.role.value } });
    form.reset(); $('#user-add-error').textContent = ''; form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
    toast(`Added ${u.username} (${u.role})`);
    await loadUsers();
  } catch (e) { fieldError(form, $('#user-add-error'), e, fields); }
}

/** The Users tab (hidden until an admin signs in), its page and the reset dialog; app.js calls it once at start. */
export function buildUsers() {
  if (!$('nav') || !$('#page-audit') || $('#page-users')) return;
  addStyle(STYLE);
  const users = addTab('tab-users', 'users', 'Users'); users.hidden = true;
  addPage('users', USERS_PAGE);
  const dialog = document.createElement('dialog');
  dialog.id = 'user-password-modal'; dialog.setAttribute('aria-labelledby', 'user-password-title'); dialog.innerHTML = RESET_DIALOG;
  document.body.append(dialog);
  users.addEventListener('click', loadUsers);
  $('#users-table').addEventListener('change', onUsersChange);
  $('#users-table').addEventListener('click', onUsersClick);
  $('#user-add').addEventListener('submit', addUser);
  $('#user-password-modal form').addEventListener('submit', saveReset);
  $('#user-password-cancel').addEventListener('click', () => closeDialog('user-password-modal'));
}

/** After each login, with {username, role}: only an admin sees the tab (the server refuses everyone else anyway). */
export function usersSignedIn(who) {
  me = who;
  buildUsers();
  const admin = who.role === 'admin';
  $('#tab-users').hidden = !admin;
  if (!admin && !$('#page-users').hidden) showTab('campaigns');
  if (admin) loadUsers();
  else { $('#users-table tbody').innerHTML = ''; $('#users-status').textContent = ''; } // nothing left from an admin's earlier login
}
