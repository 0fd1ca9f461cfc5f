// The open case in the page's address (#…&sprawa=<id>, server/cases/links.ts): a case tool writes it when it shows a
// case and removes it when it goes back to its list, leaving the map's parameters as they are, so the portal's
// permalink button copies a link that opens the same case. Also the words both case tools say when a link's case
// cannot be shown (signed out, or not this account's case: the API answers 401/404 and gives no data).
import { caseOfFragment, CASE_PARAM } from '../../../server/cases/links.ts';
import { h } from '../ui/dom.ts';
import { lang } from '../ui/i18n.ts';
import { ApiError } from '../api.ts';

/** The case named in the address, if any. */
export const caseInUrl = (): string | undefined => caseOfFragment(location.hash);

/** Puts the case in the address (or takes it out), keeping the other fragment parameters. */
export function setCaseInUrl(id: string | undefined): void {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  if ((params.get(CASE_PARAM) ?? undefined) === id) return;
  if (id) params.set(CASE_PARAM, id); else params.delete(CASE_PARAM);
  // URLSearchParams would encode the layer list's ':' and ','; the map's own writer keeps them readable.
  const hash = [...params].map(([k, v]) => `${k}=${k === 'layers' ? v.split(',').map(encodeURIComponent).join(',').replace(/%3A/g, ':') : k === 'map' ? v : encodeURIComponent(v)}`).join('&');
  history.replaceState(null, '', `${location.pathname}${location.search}${hash ? `#${hash}` : ''}`);
}

const W = {
  notYours: {
    pl: 'Nie ma takiej sprawy albo to konto nie ma do niej dostępu. Sprawę widzi ten, kto ją złożył, zaproszeni uczestnicy i pracownicy ośrodka — zaloguj się właściwym kontem.',
    en: 'There is no such case, or this account has no access to it. A case is seen by whoever filed it, the invited parties and the office\'s staff — sign in with the right account.',
  },
  signIn: { pl: 'Zaloguj się, aby otworzyć tę sprawę.', en: 'Sign in to open this case.' },
  signInLink: { pl: 'Zaloguj się', en: 'Sign in' },
} as const;

/** The login link that comes back to this very page and case. */
export function signInToCase(): HTMLElement[] {
  const next = `${location.pathname}${location.hash}`;
  return [h('p', { id: 'case-sign-in' }, W.signIn[lang()]), h('a', { href: `/konto/logowanie?next=${encodeURIComponent(next)}`, class: 'button' }, W.signInLink[lang()])];
}

/** The message for a case the API would not give (404: none, or not this account's; 401: signed out), else undefined. */
export function caseRefusal(e: unknown): HTMLElement | undefined {
  if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return h('p', { class: 'error', role: 'alert', id: 'case-refused' }, W.notYours[lang()]);
  if (e instanceof ApiError && e.status === 401) return h('div', {}, ...signInToCase());
  return undefined;
}
