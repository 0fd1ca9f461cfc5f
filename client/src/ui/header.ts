// Header actions shared by every page: who is logged in (accounts come from /api/session when the service has
// them; the role by its name in the page's language, never its code) and the language switch.
import { api } from '../api.ts';
import { roleName } from '../../../server/catalog/role-names.ts';
import { h } from './dom.ts';
import { lang, langSwitch, onLangChange, t } from './i18n.ts';

export function mountHeaderActions(container: HTMLElement): void {
  const account = h('span', { id: 'account' });
  container.append(account, langSwitch());
  let user: { login: string; role: string } | null = null;
  let accounts = false;
  const render = () => {
    account.replaceChildren(accounts
      ? (user ? h('a', { href: '/konto' }, `${t('account')}: ${user.login} · ${t('role')}: ${roleName(user.role, lang())}`) : h('a', { href: '/konto/logowanie' }, t('login')))
      : '');
  };
  onLangChange(render);
  api.session().then((s) => { accounts = true; user = s.user; render(); }).catch(() => { /* no accounts on this service */ });
}
