// A minimal browser for the account tests: a cookie jar, no automatic redirects, form tokens read from pages.
import { createUser } from '../../server/accounts/users.ts';
import { createApiKey } from '../../server/accounts/api-keys.ts';
import type { Queryable } from '../../server/db/database.ts';
import type { Role } from '../../server/catalog/roles.ts';

export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private absorb(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.base + path, { redirect: 'manual', headers: { cookie: this.cookieHeader(), ...headers } });
    this.absorb(res);
    return res;
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.base + path, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(form),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
    this.absorb(res);
    return res;
  }

  /** The CSRF token of a form page (and its cookie in the jar). */
  async csrf(path = '/konto/logowanie'): Promise<string> {
    const html = await (await this.get(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${path}`);
    return m[1]!;
  }

  async login(login: string, password: string): Promise<Response> {
    return this.post('/konto/logowanie', { _csrf: await this.csrf(), login, haslo: password });
  }

  async session(): Promise<{ user: { id: number; login: string; role: string } | null; csrfToken: string }> {
    return (await this.get('/api/session')).json() as Promise<{ user: { id: number; login: string; role: string } | null; csrfToken: string }>;
  }
}

/** A unique login for this test run (tests share the sample database). */
export function uniqueLogin(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

export const TEST_PASSWORD = 'Poprawne-Haslo-2026!';

/** A user of each given role with an API key: straight into the database (the forms are tested separately). */
export async function usersWithKeys(db: Queryable, roles: readonly Role[]): Promise<Map<Role, { login: string; key: string; id: number }>> {
  const out = new Map<Role, { login: string; key: string; id: number }>();
  for (const role of roles) {
    const login = uniqueLogin(`m_${role}`);
    const user = await createUser(db, login, `${login}@example.pl`, TEST_PASSWORD, role);
    const { key } = await createApiKey(db, user.id, 'matrix');
    out.set(role, { login, key, id: user.id });
  }
  return out;
}
