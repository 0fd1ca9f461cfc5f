// Accounts that hold (issue 14, item 5), over real HTTP on the sample database: failed logins counted per account
// whatever name was typed, reserved atomically (40 parallel attempts verify at most the limit), an address slowed
// down and never locked out, API keys and prepared job files that do not survive a password reset or a demotion,
// common passwords refused, and an invalid ADMIN_PASSWORD stopping the start. Each test speaks from its own client
// address (X-Forwarded-For from loopback is trusted) so that the per-address delay of one does not slow another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type TestApp } from '../support/app.ts';
import { startServer } from '../support/server.ts';
import { sampleUrl } from '../support/db.ts';
import { Browser, TEST_PASSWORD, uniqueLogin } from '../security/browser-session.ts';
import { createUser, setPassword, updateUser } from '../../server/accounts/users.ts';
import { createApiKey } from '../../server/accounts/api-keys.ts';
import { sheetAt } from '../../server/domain/sheets.ts';

let app: TestApp;
const downloads = mkdtempSync(path.join(tmpdir(), 'sip-hold-'));
beforeAll(async () => { app = await startApp({ AUTH_CACHE_MS: '0', DOWNLOADS_DIR: downloads, LOGIN_MAX_FAILURES: '5', LOGIN_MAX_FAILURES_PER_IP: '10' }); });
afterAll(async () => { await app?.close(); rmSync(downloads, { recursive: true, force: true }); });

const from = (ip: string) => ({ 'x-forwarded-for': ip });

async function login(ip: string, name: string, password: string): Promise<Response> {
  const b = new Browser(app.url);
  const _csrf = await b.csrf('/konto/logowanie');
  return b.post('/konto/logowanie', { _csrf, login: name, haslo: password }, from(ip));
}

async function verifications(userId: number): Promise<number> {
  const [row] = await app.db.query<{ n: string }>(
    `SELECT count(*) AS n FROM portal.dziennik_zdarzen WHERE zdarzenie = 'logowanie_nieudane' AND uzytkownik_id = $1 AND NOT (szczegoly ? 'powod')`, [userId]);
  return Number(row!.n);
}

describe('failed logins per account', () => {
  it('counts login and e-mail as one account: 5 failures in turn lock it, even for the right password', async () => {
    const name = uniqueLogin('konto');
    const user = await createUser(app.db, name, `${name}@example.pl`, TEST_PASSWORD, 'klient');
    for (let i = 0; i < 5; i++) expect((await login('10.14.1.1', i % 2 ? `${name}@example.pl` : name.toUpperCase(), `Zle-Haslo-${i}-xyz`)).status).toBe(401);
    const locked = await login('10.14.1.2', `${name}@EXAMPLE.pl`, TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect(await verifications(user.id)).toBe(5);
  });

  it('verifies no more than the limit of passwords however many attempts arrive in parallel', async () => {
    const name = uniqueLogin('rownolegle');
    const user = await createUser(app.db, name, `${name}@example.pl`, TEST_PASSWORD, 'klient');
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`10.14.2.${i + 1}`, i % 2 ? name : `${name}@example.pl`, `Zle-Haslo-${i}-xyz`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401).length).toBe(5);
    expect(statuses.filter((s) => s === 429).length).toBe(35);
    expect(await verifications(user.id)).toBe(5);
  });

  it('slows an address down instead of locking out the others behind it', async () => {
    const ip = '10.14.3.1';
    // 12 failures from one address (an office behind NAT, someone mistyping), past the 10 free ones.
    for (let i = 0; i < 12; i++) expect((await login(ip, uniqueLogin('nikt'), `Zle-Haslo-${i}-xyz`)).status).toBe(401);
    const name = uniqueLogin('biuro');
    await createUser(app.db, name, `${name}@example.pl`, TEST_PASSWORD, 'klient');
    // A colleague at the same address still logs in (later, not refused).
    expect((await login(ip, name, TEST_PASSWORD)).status).toBe(303);
  });
});

describe('what an account held does not survive a reset or a demotion', () => {
  async function readyJob(key: string): Promise<{ id: string; file: string }> {
    const r = await fetch(`${app.url}/api/extracts`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ layers: ['egib:dzialki'], format: 'geojson', area: { sheets: [sheetAt(1000, 6427200, 5808300)!.godlo] }, portal: 'geodeci' }) });
    expect(r.status).toBe(202);
    const location = r.headers.get('location')!;
    for (let i = 0; i < 300; i++) {
      const job = await (await fetch(app.url + location, { headers: { 'x-api-key': key } })).json() as { id: string; status: string; file?: { href: string } };
      if (job.status === 'done') return { id: job.id, file: new URL(job.file!.href).pathname };
      if (['failed', 'cancelled'].includes(job.status)) throw new Error(`job ${job.status}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    throw new Error('job did not finish');
  }

  it('a password reset revokes the API keys and stops serving the prepared files', async () => {
    const name = uniqueLogin('geodeta');
    const user = await createUser(app.db, name, `${name}@example.pl`, TEST_PASSWORD, 'geodeta');
    const { key } = await createApiKey(app.db, user.id, 'QGIS');
    const job = await readyJob(key);
    expect((await fetch(app.url + job.file, { headers: { 'x-api-key': key } })).status).toBe(200);
    // What the reset form's handler calls (/konto/haslo/nowe → setPassword).
    await setPassword(app.db, user.id, 'Zupelnie-Nowe-Haslo-77');
    expect((await fetch(`${app.url}/api/session`, { headers: { 'x-api-key': key } })).status).toBe(401);
    const [row] = await app.db.query<{ status: string }>('SELECT status FROM portal.zadania WHERE id = $1', [job.id]);
    expect(row!.status).toBe('expired');
  });

  it('a demotion revokes the keys and the files prepared while entitled', async () => {
    const name = uniqueLogin('rzeczoznawca');
    const user = await createUser(app.db, name, `${name}@example.pl`, TEST_PASSWORD, 'rzeczoznawca');
    const { key } = await createApiKey(app.db, user.id, 'GDAL');
    const job = await readyJob(key);
    await updateUser(app.db, user.id, 'klient', true);
    expect((await fetch(`${app.url}/ogcapi/collections/dzialki/items?limit=1`, { headers: { 'x-api-key': key } })).status).toBe(401);
    // The file of the job prepared as rzeczoznawca is gone for everyone (the job is "wygasło": 410).
    const anyone = await fetch(app.url + job.file);
    expect([404, 410]).toContain(anyone.status);
  });
});

describe('password rules', () => {
  it('refuses common and breached passwords at registration', async () => {
    for (const password of ['1234567890', 'qwertyuiop', 'password12', 'Kochanie123']) {
      const b = new Browser(app.url);
      const _csrf = await b.csrf('/konto/rejestracja');
      const login = uniqueLogin('slabe');
      const r = await b.post('/konto/rejestracja', { _csrf, login, email: `${login}@example.pl`, rola: 'klient', haslo: password, haslo2: password }, from('10.14.4.1'));
      expect(r.status, password).toBe(400);
      expect(await r.text()).toMatch(/powszechnie używane/);
    }
  });

  it('an invalid ADMIN_PASSWORD stops the start with a clear message and exit code ≠ 0', async () => {
    const start = startServer({ DATABASE_URL: sampleUrl(), LOAD_SAMPLE_DATA: 'false', ADMIN_LOGIN: 'szef_admin', ADMIN_PASSWORD: 'szef_admin-2026-x' }, 120_000);
    await expect(start).rejects.toThrow(/server exited with [1-9]\d* before listening.*ADMIN_PASSWORD refused: Hasło nie może zawierać loginu/s);
  });
});
