// Server-rendered Polish pages of the accounts: login, registration (with an application for an entitled role),
// password reset, my account (API keys, applications), and the administrator's lists of users and of applications.
// Plain forms (work without JavaScript), every value escaped; roles by their names (catalog/role-names.ts).
import escapeHtml from 'escape-html';
import { isOfficeStaff, type Role } from '../../catalog/roles.ts';
import { roleName } from '../../catalog/role-names.ts';
import type { ApiKeyInfo } from '../../accounts/api-keys.ts';
import type { User } from '../../accounts/users.ts';
import { ACCOUNT_ROLES } from '../../accounts/users.ts';
import { ENTITLED_ROLES, describeDetails, type ApplicationInput } from '../../accounts/entitled-roles.ts';
import type { RoleApplication } from '../../accounts/role-applications.ts';
import { PASSWORD_MIN } from '../../accounts/passwords.ts';

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
  th, td { border: 1px solid #cfd6de; padding: .35rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
  td form { margin: 0; display: flex; gap: .4rem; align-items: center; flex-wrap: wrap; } td button { margin: 0; }
  .hint { color: #4a5561; font-size: .9rem; }
  main.wide { max-width: 80rem; }
  fieldset { border: 1px solid #cfd6de; border-radius: 4px; margin: .8rem 0 0; padding: .2rem .8rem .6rem; }
  legend { font-weight: 600; padding: 0 .3rem; }
  td select { width: auto; min-width: 17rem; max-width: 100%; }
  td textarea, form.box textarea { width: 100%; box-sizing: border-box; font: inherit; padding: .4rem; border: 1px solid #8a96a3; border-radius: 4px; }
  .state-złożony { color: #6b4e00; } .state-przyznany { color: #1d6b2f; } .state-odrzucony { color: #a4161a; }
  /* Only the chosen role's fields, where the browser can tell (:has); elsewhere every set shows, each titled. */
  @supports selector(:has(a)) {
    form .for-role { display: none; }
    form:has(#rola option[value=geodeta]:checked) .for-geodeta, form:has(#rola option[value=rzeczoznawca]:checked) .for-rzeczoznawca,
    form:has(#rola option[value=projektant]:checked) .for-projektant, form:has(#rola option[value=komornik]:checked) .for-komornik,
    form:has(#rola option[value=branzysta]:checked) .for-branzysta { display: block; }
  }`;

export interface PageUser { login: string; role: Role }

export function page(title: string, body: string, user?: PageUser, csrf?: string, o: { wide?: boolean } = {}): string {
  const nav = user
    ? `<span>Zalogowano: <strong>${e(user.login)}</strong> · ${e(roleName(user.role))}</span> <a href="/konto">Moje konto</a>
       ${isOfficeStaff(user.role) ? '<a href="/biuro/zamowienia">Biuro: zamówienia</a> <a href="/biuro/sprawy">Kolejka spraw</a>' : ''}
       ${user.role === 'admin' ? '<a href="/admin/uzytkownicy">Użytkownicy</a> <a href="/admin/wnioski">Wnioski o uprawnienia</a>' : ''}
       <form method="post" action="/konto/wyloguj" style="display:inline"><input type="hidden" name="_csrf" value="${e(csrf)}"><button type="submit" style="margin:0">Wyloguj</button></form>`
    : `<a href="/konto/logowanie">Zaloguj się</a> <a href="/konto/rejestracja">Załóż konto</a>`;
  return `<!doctype html>
<html lang="pl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>${e(title)} – SIP Poznań</title><style>${STYLE}</style></head>
<body>
<header><a class="title" href="/">SIP Poznań</a><nav>${nav}</nav></header>
<main${o.wide ? ' class="wide"' : ''}><h1>${e(title)}</h1>
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

const field = (id: string, label: string, value: string | undefined, extra = '') =>
  `<label for="${id}">${label}</label><input id="${id}" name="${id}" type="text" maxlength="200" value="${e(value)}"${extra}>`;

/**
 * The fields of an application, one set per entitled role, each titled with its role (a browser without :has shows
 * them all; the server reads only the chosen role's set).
 */
function applicationFields(v: ApplicationInput): string {
  return `<fieldset class="for-role for-geodeta"><legend>${e(roleName('geodeta'))}</legend>
    ${field('uprawnieniaGeodety', 'Numer uprawnień zawodowych w dziedzinie geodezji i kartografii', v.uprawnieniaGeodety, ' inputmode="numeric" placeholder="np. 21345"')}
  </fieldset>
  <fieldset class="for-role for-rzeczoznawca"><legend>${e(roleName('rzeczoznawca'))}</legend>
    ${field('uprawnieniaRzeczoznawcy', 'Numer uprawnień zawodowych rzeczoznawcy majątkowego', v.uprawnieniaRzeczoznawcy, ' inputmode="numeric" placeholder="np. 5641"')}
  </fieldset>
  <fieldset class="for-role for-projektant"><legend>${e(roleName('projektant'))}</legend>
    ${field('uprawnieniaBudowlane', 'Numer uprawnień budowlanych', v.uprawnieniaBudowlane, ' placeholder="np. WKP/0123/PWOK/12"')}
  </fieldset>
  <fieldset class="for-role for-komornik"><legend>${e(roleName('komornik'))}</legend>
    ${field('sadRejonowy', 'Sąd rejonowy, przy którym działasz', v.sadRejonowy, ' placeholder="np. Sąd Rejonowy Poznań-Stare Miasto w Poznaniu"')}
    ${field('kancelaria', 'Kancelaria komornicza', v.kancelaria, ' placeholder="np. Kancelaria Komornicza nr 5 w Poznaniu"')}
  </fieldset>
  <fieldset class="for-role for-branzysta"><legend>${e(roleName('branzysta'))}</legend>
    ${field('nazwaFirmy', 'Nazwa firmy', v.nazwaFirmy)}
    ${field('nip', 'NIP', v.nip, ' inputmode="numeric" placeholder="np. 123-456-32-18"')}
    ${field('regon', 'REGON', v.regon, ' inputmode="numeric"')}
    <p class="hint">Wystarczy NIP albo REGON.</p>
  </fieldset>`;
}

export interface RegisterValues extends ApplicationInput { login?: string; email?: string; role?: string }

export function registerPage(csrf: string, o: { error?: string } & RegisterValues = {}): string {
  const options = [`<option value="klient"${!o.role || o.role === 'klient' ? ' selected' : ''}>${e(roleName('klient'))}</option>`]
    .concat(ENTITLED_ROLES.map((r) => `<option value="${r}"${o.role === r ? ' selected' : ''}>${e(roleName(r))} — wniosek</option>`)).join('');
  return page('Załóż konto', `${notice(o.error)}
<form class="box" method="post" action="/konto/rejestracja">
  ${csrfField(csrf)}
  <label for="login">Login</label>
  <input id="login" name="login" type="text" autocomplete="username" required minlength="3" maxlength="64" pattern="[A-Za-z0-9._\\-]{3,64}" value="${e(o.login)}">
  <p class="hint">3–64 znaki: litery, cyfry, kropka, podkreślnik, myślnik.</p>
  <label for="email">E-mail</label>
  <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${e(o.email)}">
  <label for="rola">Korzystam z portalu jako</label>
  <select id="rola" name="rola" aria-describedby="rola-hint">${options}</select>
  <p class="hint" id="rola-hint">Konto działa od razu z rolą „${e(roleName('klient'))}”. Role geodety, rzeczoznawcy majątkowego, komornika, branżysty i projektanta nadaje administrator po sprawdzeniu danych z wniosku; o decyzji powiadomimy e-mailem.</p>
  ${applicationFields(o)}
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

const STATE_NAMES: Record<RoleApplication['state'], string> = { złożony: 'czeka na decyzję', przyznany: 'przyznany', odrzucony: 'odrzucony' };

/** The account's applications and, unless one is waiting, the form for a new one. */
function applicationsSection(user: PageUser, applications: readonly RoleApplication[], csrf: string, values: RegisterValues): string {
  const rows = applications.map((a) => `<tr><td>${e(roleName(a.role))}</td><td>${e(describeDetails(a.role, a))}</td><td>${when(a.filed)}</td>
    <td class="state-${e(a.state)}">${e(STATE_NAMES[a.state])}${a.decided ? ` ${when(a.decided)}` : ''}${a.reason ? `<br>${a.state === 'odrzucony' ? 'Uzasadnienie' : 'Uwaga'}: ${e(a.reason)}` : ''}</td></tr>`).join('');
  const table = rows ? `<table id="wnioski"><thead><tr><th>Rola</th><th>Dane</th><th>Złożony</th><th>Stan</th></tr></thead><tbody>${rows}</tbody></table>` : '';
  const waiting = applications.some((a) => a.state === 'złożony');
  let form = '';
  if (user.role === 'admin') form = '<p class="hint">Administrator zmienia role na stronie Użytkownicy.</p>';
  else if (waiting) form = '<p class="info" role="status">Twój wniosek czeka na decyzję administratora. Kolejny możesz złożyć po jego rozpatrzeniu.</p>';
  else {
    const options = ENTITLED_ROLES.filter((r) => r !== user.role)
      .map((r) => `<option value="${r}"${values.role === r ? ' selected' : ''}>${e(roleName(r))}</option>`).join('');
    form = `<form class="box" method="post" action="/konto/wniosek">
  ${csrfField(csrf)}
  <label for="rola">Wnioskuję o rolę</label>
  <select id="rola" name="rola" required><option value="">— wybierz —</option>${options}</select>
  ${applicationFields(values)}
  <button type="submit">Złóż wniosek</button>
</form>`;
  }
  return `<h2>Uprawnienia zawodowe</h2>
<p class="hint">Geodeci, rzeczoznawcy majątkowi i komornicy widzą dane właścicieli; branżyści i projektanci korzystają z portali dla siebie. Rolę nadaje administrator po sprawdzeniu danych z wniosku; o decyzji powiadomimy e-mailem.</p>
${table}${form}`;
}

export interface AccountPageOptions { newKey?: string; error?: string; info?: string; baseUrl: string; applications?: readonly RoleApplication[]; application?: RegisterValues }

export function accountPage(user: PageUser & { email: string }, keys: readonly ApiKeyInfo[], csrf: string, o: AccountPageOptions): string {
  const rows = keys.map((k) => `<tr><td>${e(k.name)}</td><td><code>${e(k.prefix)}…</code></td><td>${when(k.created)}</td><td>${when(k.lastUsed)}</td>
    <td>${k.revoked ? `odwołany ${when(k.revoked)}` : `<form method="post" action="/konto/klucze/${k.id}/odwolaj">${csrfField(csrf)}<button class="danger" type="submit" aria-label="Odwołaj klucz ${e(k.name)}">Odwołaj</button></form>`}</td></tr>`).join('');
  const fresh = o.newKey
    ? `<div class="info" role="status"><p>Nowy klucz API — skopiuj go teraz, nie pokażemy go ponownie:</p><p class="key" id="nowy-klucz">${e(o.newKey)}</p>
       <p class="hint">QGIS/GDAL: dopisz do adresu usługi <code>?apikey=…</code> albo wyślij nagłówek <code>X-API-Key</code>, np.<br>
       <code>ogrinfo "WFS:${e(o.baseUrl)}/ows?apikey=${e(o.newKey)}"</code></p></div>`
    : '';
  return page('Moje konto', `${notice(o.error, o.info)}
<p>Login: <strong>${e(user.login)}</strong> · e-mail: ${e(user.email)} · rola: <strong>${e(roleName(user.role))}</strong></p>
<h2>Klucze API</h2>
<p class="hint">Klucz API pozwala programom GIS (QGIS, GDAL, własnym skryptom) korzystać z usług WMS, WFS i OGC API z uprawnieniami Twojego konta.</p>
${fresh}
${keys.length ? `<table><thead><tr><th>Nazwa</th><th>Początek klucza</th><th>Utworzony</th><th>Ostatnio użyty</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : '<p>Nie masz jeszcze kluczy.</p>'}
<form class="box" method="post" action="/konto/klucze">
  ${csrfField(csrf)}
  <label for="nazwa">Nazwa nowego klucza</label>
  <input id="nazwa" name="nazwa" type="text" required maxlength="100" placeholder="np. QGIS w biurze">
  <button type="submit">Utwórz klucz</button>
</form>
${applicationsSection(user, o.applications ?? [], csrf, o.application ?? {})}`, user, csrf);
}

export function usersPage(admin: PageUser, users: readonly User[], csrf: string, o: { error?: string; info?: string; pending?: number } = {}): string {
  const rows = users.map((u) => {
    const options = ACCOUNT_ROLES.map((r) => `<option value="${r}"${u.role === r ? ' selected' : ''}>${e(roleName(r))}</option>`).join('');
    return `<tr><td>${u.id}</td><td>${e(u.login)}</td><td>${e(u.email)}</td><td>${when(u.created)}</td><td>${when(u.lastLogin)}</td>
      <td><form method="post" action="/admin/uzytkownicy/${u.id}">${csrfField(csrf)}
        <label class="hint" for="rola-${u.id}" style="margin:0">Rola</label><select id="rola-${u.id}" name="rola">${options}</select>
        <label class="hint" style="margin:0;font-weight:400"><input type="checkbox" name="aktywny" value="1"${u.active ? ' checked' : ''}> aktywne</label>
        <button type="submit">Zapisz</button></form></td></tr>`;
  }).join('');
  const pending = o.pending ? `<p class="info" role="status"><a href="/admin/wnioski">Wnioski o uprawnienia czekające na decyzję: ${o.pending}</a></p>` : '';
  return page('Użytkownicy', `${notice(o.error, o.info)}${pending}
<p class="hint">Dostęp do danych osobowych właścicieli mają: ${['geodeta', 'rzeczoznawca', 'komornik', 'admin'].map((r) => e(roleName(r))).join(', ')}. Zmiany ról są zapisywane w dzienniku zdarzeń.</p>
<table><thead><tr><th>Id</th><th>Login</th><th>E-mail</th><th>Utworzone</th><th>Ostatnie logowanie</th><th>Rola i stan</th></tr></thead><tbody>${rows}</tbody></table>`, admin, csrf, { wide: true });
}

/** The administrator's queue of applications (grant, or refuse with a reason) and the latest decisions. */
export function applicationsPage(admin: PageUser, pending: readonly RoleApplication[], decided: readonly RoleApplication[], csrf: string, o: { error?: string; info?: string; reasonFor?: number } = {}): string {
  const waiting = pending.map((a) => `<tr id="wniosek-${a.id}"><td>${a.id}</td><td>${e(a.login)}<br><span class="hint">${e(a.email)}</span></td>
    <td>${e(roleName(a.currentRole))}</td><td><strong>${e(roleName(a.role))}</strong><br>${e(describeDetails(a.role, a))}</td><td>${when(a.filed)}</td>
    <td><form method="post" action="/admin/wnioski/${a.id}/przyznaj">${csrfField(csrf)}<button type="submit" aria-label="Przyznaj rolę ${e(roleName(a.role))} użytkownikowi ${e(a.login)}">Przyznaj</button></form>
      <form method="post" action="/admin/wnioski/${a.id}/odrzuc">${csrfField(csrf)}
        <label class="hint" for="uzasadnienie-${a.id}" style="margin:0">Uzasadnienie odmowy</label>
        <textarea id="uzasadnienie-${a.id}" name="uzasadnienie" rows="2" maxlength="1000" required${o.reasonFor === a.id ? ' autofocus' : ''}></textarea>
        <button class="danger" type="submit" aria-label="Odrzuć wniosek ${e(a.login)}">Odrzuć</button></form></td></tr>`).join('');
  const done = decided.map((a) => `<tr><td>${a.id}</td><td>${e(a.login)}</td><td>${e(roleName(a.role))}<br>${e(describeDetails(a.role, a))}</td>
    <td class="state-${e(a.state)}">${e(STATE_NAMES[a.state])}${a.reason ? `: ${e(a.reason)}` : ''}</td><td>${when(a.decided)}</td><td>${e(a.deciderLogin ?? '—')}</td></tr>`).join('');
  return page('Wnioski o uprawnienia', `${notice(o.error, o.info)}
<p class="hint">Sprawdź numer uprawnień w rejestrze (geodeci: rejestr Głównego Geodety Kraju; rzeczoznawcy majątkowi: centralny rejestr; projektanci: izba inżynierów budownictwa), kancelarię komornika w wykazie Krajowej Rady Komorniczej, firmę po NIP lub REGON. Przyznanie nadaje rolę od razu; każda decyzja trafia do dziennika zdarzeń, a wnioskodawca dostaje e-mail.</p>
<h2>Czekające na decyzję</h2>
${waiting ? `<table id="czekajace"><thead><tr><th>Nr</th><th>Wnioskodawca</th><th>Rola teraz</th><th>Wnioskuje o</th><th>Złożony</th><th>Decyzja</th></tr></thead><tbody>${waiting}</tbody></table>` : '<p>Nie ma wniosków czekających na decyzję.</p>'}
<h2>Ostatnie decyzje</h2>
${done ? `<table id="rozpatrzone"><thead><tr><th>Nr</th><th>Wnioskodawca</th><th>Wniosek</th><th>Decyzja</th><th>Kiedy</th><th>Kto</th></tr></thead><tbody>${done}</tbody></table>` : '<p>Jeszcze nic nie rozpatrzono.</p>'}`, admin, csrf, { wide: true });
}
