// Server-rendered Polish pages of the accounts: login, registration, password reset, my account (API keys),
// and the administrator's list of users. Plain forms (work without JavaScript), every value escaped.
import escapeHtml from 'escape-html';
import { isOfficeStaff, type Role } from '../../catalog/roles.ts';
import type { ApiKeyInfo } from '../../accounts/api-keys.ts';
import type { User } from '../../accounts/users.ts';
import { ACCOUNT_ROLES, SELF_SERVICE_ROLES } from '../../accounts/users.ts';
import { PASSWORD_MIN } from '../../accounts/passwords.ts';

export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  anonim: 'Użytkownik anonimowy',
  klient: 'Klient (na potrzeby własne)',
  geodeta: 'Geodeta uprawniony',
  projektant: 'Projektant',
  rzeczoznawca: 'Rzeczoznawca majątkowy',
  komornik: 'Komornik sądowy',
  branzysta: 'Branżysta (gestor sieci)',
  pracownik: 'Pracownik ośrodka',
  admin: 'Administrator',
};

const e = (v: unknown): string => escapeHtml(String(v ?? ''));

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f6f7f9; }
  header { background: #003b71; color: #fff; padding: 1rem 2rem; display: flex; gap: 2rem; align-items: baseline; flex-wrap: wrap; }
  header a { color: #fff; } header .title { font-size: 1.3rem; font-weight: 600; text-decoration: none; }
  main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 2rem; }
  a { color: #0b4f9c; }
  form.box { background: #fff; border: 1px solid #cfd6de; border-radius: 6px; padding: 1rem 1.25rem; margin: 1rem 0; max-width: 28rem; }
  label { display: block; margin: .6rem 0 .2rem; font-weight: 600; }
  input[type=text], input[type=email], input[type=password], select { width: 100%; box-sizing: border-box; padding: .45rem; font: inherit; border: 1px solid #8a96a3; border-radius: 4px; }
  button { margin-top: .9rem; padding: .5rem 1rem; font: inherit; background: #0b4f9c; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  button.danger { background: #a4161a; }
  button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #f0a202; outline-offset: 2px; }
  .error { background: #fde2e1; border-left: 4px solid #a4161a; padding: .5rem .75rem; }
  .info { background: #e1effd; border-left: 4px solid #0b4f9c; padding: .5rem .75rem; }
  .key { font-family: ui-monospace, monospace; background: #fff7d6; padding: .5rem; word-break: break-all; border: 1px dashed #b08900; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { border: 1px solid #cfd6de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
  td form { margin: 0; display: flex; gap: .4rem; align-items: center; flex-wrap: wrap; } td button { margin: 0; }
  .hint { color: #4a5561; font-size: .9rem; }`;

export interface PageUser { login: string; role: Role }

export function page(title: string, body: string, user?: PageUser, csrf?: string): string {
  const nav = user
    ? `<span>Zalogowano: <strong>${e(user.login)}</strong> (${e(ROLE_NAMES[user.role])})</span> <a href="/konto">Moje konto</a>
       ${isOfficeStaff(user.role) ? '<a href="/biuro/zamowienia">Biuro: zamówienia</a>' : ''}
       ${user.role === 'admin' ? '<a href="/admin/uzytkownicy">Użytkownicy</a>' : ''}
       <form method="post" action="/konto/wyloguj" style="display:inline"><input type="hidden" name="_csrf" value="${e(csrf)}"><button type="submit" style="margin:0">Wyloguj</button></form>`
    : `<a href="/konto/logowanie">Zaloguj się</a> <a href="/konto/rejestracja">Załóż konto</a>`;
  return `<!doctype html>
<html lang="pl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>${e(title)} – SIP Poznań</title><style>${STYLE}</style></head>
<body>
<header><a class="title" href="/">SIP Poznań</a><nav>${nav}</nav></header>
<main><h1>${e(title)}</h1>
${body}
</main>
</body></html>`;
}

const notice = (error?: string, info?: string) =>
  (error ? `<p class="error" role="alert">${e(error)}</p>` : '') + (info ? `<p class="info" role="status">${e(info)}</p>` : '');

const csrfField = (token: string) => `<input type="hidden" name="_csrf" value="${e(token)}">`;

export function loginPage(csrf: string, o: { error?: string; info?: string; login?: string; next?: string } = {}): string {
  return page('Logowanie', `${notice(o.error, o.info)}
<form class="box" method="post" action="/konto/logowanie">
  ${csrfField(csrf)}
  ${o.next ? `<input type="hidden" name="next" value="${e(o.next)}">` : ''}
  <label for="login">Login lub e-mail</label>
  <input id="login" name="login" type="text" autocomplete="username" required maxlength="254" value="${e(o.login)}">
  <label for="haslo">Hasło</label>
  <input id="haslo" name="haslo" type="password" autocomplete="current-password" required maxlength="200">
  <button type="submit">Zaloguj się</button>
</form>
<p><a href="/konto/haslo">Nie pamiętam hasła</a> · <a href="/konto/rejestracja">Załóż konto</a></p>`);
}

export function registerPage(csrf: string, o: { error?: string; login?: string; email?: string; role?: string } = {}): string {
  const options = SELF_SERVICE_ROLES.map((r) => `<option value="${r}"${o.role === r ? ' selected' : ''}>${e(ROLE_NAMES[r])}</option>`).join('');
  return page('Załóż konto', `${notice(o.error)}
<form class="box" method="post" action="/konto/rejestracja">
  ${csrfField(csrf)}
  <label for="login">Login</label>
  <input id="login" name="login" type="text" autocomplete="username" required minlength="3" maxlength="64" pattern="[A-Za-z0-9._\\-]{3,64}" value="${e(o.login)}">
  <p class="hint">3–64 znaki: litery, cyfry, kropka, podkreślnik, myślnik.</p>
  <label for="email">E-mail</label>
  <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${e(o.email)}">
  <label for="rola">Korzystam z portalu jako</label>
  <select id="rola" name="rola">${options}</select>
  <p class="hint">Uprawnienia geodety, rzeczoznawcy i komornika (dostęp do danych o właścicielach) nadaje administrator po weryfikacji.</p>
  <label for="haslo">Hasło</label>
  <input id="haslo" name="haslo" type="password" autocomplete="new-password" required minlength="${PASSWORD_MIN}" maxlength="200">
  <label for="haslo2">Powtórz hasło</label>
  <input id="haslo2" name="haslo2" type="password" autocomplete="new-password" required minlength="${PASSWORD_MIN}" maxlength="200">
  <button type="submit">Załóż konto</button>
</form>`);
}

export function resetRequestPage(csrf: string, o: { error?: string; info?: string } = {}): string {
  return page('Nie pamiętam hasła', `${notice(o.error, o.info)}
<form class="box" method="post" action="/konto/haslo">
  ${csrfField(csrf)}
  <label for="login">Login lub e-mail</label>
  <input id="login" name="login" type="text" autocomplete="username" required maxlength="254">
  <p class="hint">Wyślemy odnośnik do ustawienia nowego hasła na adres e-mail konta. Odnośnik działa przez godzinę.</p>
  <button type="submit">Wyślij odnośnik</button>
</form>`);
}

export function resetPasswordPage(csrf: string, token: string, o: { error?: string } = {}): string {
  return page('Nowe hasło', `${notice(o.error)}
<form class="box" method="post" action="/konto/haslo/nowe">
  ${csrfField(csrf)}
  <input type="hidden" name="token" value="${e(token)}">
  <label for="haslo">Nowe hasło</label>
  <input id="haslo" name="haslo" type="password" autocomplete="new-password" required minlength="${PASSWORD_MIN}" maxlength="200">
  <label for="haslo2">Powtórz nowe hasło</label>
  <input id="haslo2" name="haslo2" type="password" autocomplete="new-password" required minlength="${PASSWORD_MIN}" maxlength="200">
  <button type="submit">Ustaw hasło</button>
</form>`);
}

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—');

export function accountPage(user: PageUser & { email: string }, keys: readonly ApiKeyInfo[], csrf: string, o: { newKey?: string; error?: string; info?: string; baseUrl: string }): string {
  const rows = keys.map((k) => `<tr><td>${e(k.name)}</td><td><code>${e(k.prefix)}…</code></td><td>${when(k.created)}</td><td>${when(k.lastUsed)}</td>
    <td>${k.revoked ? `odwołany ${when(k.revoked)}` : `<form method="post" action="/konto/klucze/${k.id}/odwolaj">${csrfField(csrf)}<button class="danger" type="submit" aria-label="Odwołaj klucz ${e(k.name)}">Odwołaj</button></form>`}</td></tr>`).join('');
  const fresh = o.newKey
    ? `<div class="info" role="status"><p>Nowy klucz API — skopiuj go teraz, nie pokażemy go ponownie:</p><p class="key" id="nowy-klucz">${e(o.newKey)}</p>
       <p class="hint">QGIS/GDAL: dopisz do adresu usługi <code>?apikey=…</code> albo wyślij nagłówek <code>X-API-Key</code>, np.<br>
       <code>ogrinfo "WFS:${e(o.baseUrl)}/ows?apikey=${e(o.newKey)}"</code></p></div>`
    : '';
  return page('Moje konto', `${notice(o.error, o.info)}
<p>Login: <strong>${e(user.login)}</strong> · e-mail: ${e(user.email)} · rola: <strong>${e(ROLE_NAMES[user.role])}</strong></p>
<h2>Klucze API</h2>
<p class="hint">Klucz API pozwala programom GIS (QGIS, GDAL, własnym skryptom) korzystać z usług WMS, WFS i OGC API z uprawnieniami Twojego konta.</p>
${fresh}
${keys.length ? `<table><thead><tr><th>Nazwa</th><th>Początek klucza</th><th>Utworzony</th><th>Ostatnio użyty</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : '<p>Nie masz jeszcze kluczy.</p>'}
<form class="box" method="post" action="/konto/klucze">
  ${csrfField(csrf)}
  <label for="nazwa">Nazwa nowego klucza</label>
  <input id="nazwa" name="nazwa" type="text" required maxlength="100" placeholder="np. QGIS w biurze">
  <button type="submit">Utwórz klucz</button>
</form>`, user, csrf);
}

export function usersPage(admin: PageUser, users: readonly User[], csrf: string, o: { error?: string; info?: string } = {}): string {
  const rows = users.map((u) => {
    const options = ACCOUNT_ROLES.map((r) => `<option value="${r}"${u.role === r ? ' selected' : ''}>${e(ROLE_NAMES[r])}</option>`).join('');
    return `<tr><td>${u.id}</td><td>${e(u.login)}</td><td>${e(u.email)}</td><td>${when(u.created)}</td><td>${when(u.lastLogin)}</td>
      <td><form method="post" action="/admin/uzytkownicy/${u.id}">${csrfField(csrf)}
        <label class="hint" for="rola-${u.id}" style="margin:0">Rola</label><select id="rola-${u.id}" name="rola">${options}</select>
        <label class="hint" style="margin:0;font-weight:400"><input type="checkbox" name="aktywny" value="1"${u.active ? ' checked' : ''}> aktywne</label>
        <button type="submit">Zapisz</button></form></td></tr>`;
  }).join('');
  return page('Użytkownicy', `${notice(o.error, o.info)}
<p class="hint">Dostęp do danych osobowych właścicieli mają role: geodeta, rzeczoznawca, komornik i administrator. Zmiany ról są zapisywane w dzienniku zdarzeń.</p>
<table><thead><tr><th>Id</th><th>Login</th><th>E-mail</th><th>Utworzone</th><th>Ostatnie logowanie</th><th>Rola i stan</th></tr></thead><tbody>${rows}</tbody></table>`, admin, csrf);
}
