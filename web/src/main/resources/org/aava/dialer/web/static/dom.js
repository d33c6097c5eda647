// DOM helpers every view uses: queries, HTML escaping, the toast, and the page's own dialogs (focus goes back where
// it came from, Tab stays inside, and "are you sure" is a dialog of ours rather than confirm()).

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

export function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function toast(msg) {
  const t = $('#toast'); t.textContent = msg; t.style.display = 'block';
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.style.display = 'none'; }, 6000);
}

export function openDialog(id) {
  const d = $('#' + id);
  d.returnFocus = document.activeElement;
  if (!d.open) d.showModal();
  return d;
}

export function closeDialog(id) {
  const d = $('#' + id);
  if (d.open) d.close();
}

/** Tab and Shift+Tab wrap inside an open dialog instead of leaving it for the browser's own controls. */
export function trapFocus(ev) {
  if (ev.key !== 'Tab') return;
  const d = $$('dialog[open]').pop(); if (!d) return;
  const focusable = $$('button, [href], input, select, textarea, audio[controls], summary, [tabindex]:not([tabindex="-1"])', d)
    .filter(e => !e.disabled && e.getClientRects().length > 0 && !e.closest('[hidden]') && !(e.closest('details:not([open])') && e.tagName !== 'SUMMARY'));
  if (!focusable.length) return;
  const first = focusable[0], last = focusable[focusable.length - 1];
  if (ev.shiftKey && (document.activeElement === first || !d.contains(document.activeElement))) { ev.preventDefault(); last.focus(); }
  else if (!ev.shiftKey && (document.activeElement === last || !d.contains(document.activeElement))) { ev.preventDefault(); first.focus(); }
}

/** One "are you sure" step in a dialog of our own (confirm() is blocked in some kiosks and cannot be styled). */
export function ask(title, text, yesLabel = 'Yes') {
  return new Promise(resolve => {
    $('#confirm-title').textContent = title; $('#confirm-text').textContent = text; $('#confirm-yes').textContent = yesLabel;
    const d = openDialog('confirm-modal');
    const done = v => { $('#confirm-yes').onclick = null; $('#confirm-no').onclick = null; d.onclose = null; closeDialog('confirm-modal'); resolve(v); };
    $('#confirm-yes').onclick = () => done(true);
    $('#confirm-no').onclick = () => done(false);
    d.onclose = () => done(false);
    $('#confirm-no').focus();
  });
}

/** A form's server error: the message in its error box, and the field the server named marked invalid and focused. */
export function fieldError(form, errorBox, e, fields) {
  form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
  errorBox.textContent = e.reason || e.message;
  const input = fields[e.field];
  if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
}

/** A tab of the navigation bar that a view adds for itself, before "Log out". */
export function addTab(id, name, label) {
  const t = document.createElement('button');
  t.id = id; t.className = 'tab'; t.dataset.tab = name; t.type = 'button'; t.textContent = label;
  $('nav').insertBefore(t, $('#logout'));
  return t;
}

/** A view's page, hidden until its tab is chosen. */
export function addPage(name, html) {
  const m = document.createElement('main');
  m.id = 'page-' + name; m.hidden = true; m.innerHTML = html;
  $('#page-audit').after(m);
  return m;
}

export function addStyle(css) {
  const style = document.createElement('style'); style.textContent = css; document.head.append(style);
}
