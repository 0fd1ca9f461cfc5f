// The office's queue of cases (/biuro/sprawy) over real HTTP against the sample PostGIS: survey-work notifications and
// coordination cases filed through their stores (fixed filing days where the term matters), listed for a signed-in
// pracownik with their terms — the materials' 10 working days across Wigilia, Christmas, New Year and Epiphany, and
// working days left/past counted with the public holidays in the span — sorted by the running term, filtered by
// kind, state, overdue, applicant and filing dates, paged, linked to the cases' permalinks; bad filter values are a
// Polish message with status 400; a signed-out visitor is sent to the login and a klient refused.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';
import { Browser, TEST_PASSWORD, uniqueLogin } from '../security/browser-session.ts';
import { createUser } from '../../server/accounts/users.ts';
import { changeState, fileZgloszenie } from '../../server/cases/zgloszenia/store.ts';
import { fileCase } from '../../server/coordination/case-store.ts';
import { addWorkingDays, publicHolidays, warsawDay } from '../../server/cases/working-days.ts';

let app: TestApp;
let staff: Browser, klient: Browser;
const TAG = `Kolejka${randomBytes(4).toString('hex')}`;
const MANY = `Wiele${randomBytes(4).toString('hex')}`;
const today = warsawDay(new Date());
const ids: Record<'Z1' | 'Z2' | 'Z3' | 'Z4' | 'K1' | 'K2', { id: string; numer: string }> = {} as any;

/** An independent count of working days in (from, to]: Monday–Friday, none of the year's public holidays. */
function countWorkingDays(from: string, to: string, withHolidays = true): number {
  let n = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`) + 86_400_000; t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t), day = d.toISOString().slice(0, 10), wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6 && !(withHolidays && publicHolidays(d.getUTCFullYear()).has(day))) n++;
  }
  return n;
}

interface Row { numer: string; kind: string; state: string; term: string; deadline: string; days: string; href: string; cls: string }
function rowsOf(html: string): Row[] {
  return [...html.matchAll(/<tr data-case="([^"]+)" data-kind="([^"]+)"(?: class="([^"]+)")?>([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = m[4]!;
    return {
      numer: m[1]!, kind: m[2]!, cls: m[3] ?? '', href: /<a href="([^"]+)">/.exec(cells)![1]!.replace(/&#x2F;|&#47;/g, '/'),
      state: /<td class="state">([^<]*)<\/td>/.exec(cells)![1]!, term: /<\/td><td>(\d{4}-\d{2}-\d{2})<br>/.exec(cells)![1]!,
      deadline: /<td class="deadline" data-days="([^"]*)">([^<]*)<\/td>/.exec(cells)![2]!, days: /data-days="([^"]*)"/.exec(cells)![1]!,
    };
  });
}

async function queue(query: string, who = staff): Promise<{ status: number; html: string; rows: Row[] }> {
  const r = await who.get(`/biuro/sprawy?${query}`);
  const html = await r.text();
  return { status: r.status, html, rows: rowsOf(html) };
}

beforeAll(async () => {
  app = await startApp({ AUTH_CACHE_MS: '0' });
  const login = (role: string) => { const l = uniqueLogin(role.slice(0, 4)); return createUser(app.db, l, `${l}@example.pl`, TEST_PASSWORD, role as any).then((u) => ({ ...u, login: l })); };
  const [g, p, s, k] = await Promise.all([login('geodeta'), login('projektant'), login('pracownik'), login('klient')]);
  staff = new Browser(app.url); klient = new Browser(app.url);
  expect((await staff.login(s.login, TEST_PASSWORD)).status).toBe(303);
  expect((await klient.login(k.login, TEST_PASSWORD)).status).toBe(303);

  const [a] = await app.db.query<{ g: string }>(`SELECT ST_AsGeoJSON(ST_Multi(geom)) AS g FROM egib.dzialki WHERE "idDzialki" = '306401_1.0004.12'`);
  const zg = (wykonawca: string, filedAt: Date) => fileZgloszenie(app.db, g.id, {
    form: { rodzajPrac: 'pomiar sytuacyjny', celPrac: 'podział nieruchomości', numerUprawnien: '4567/88', wykonawca, dataRozpoczecia: '2026-12-21', dataZakonczenia: '2027-02-26', skalaArkuszy: 500 },
    obszar: JSON.parse(a!.g), dzialki: ['306401_1.0004.12'], arkusze: [],
  }, { userId: g.id, name: 'test' }, filedAt);
  ids.Z1 = await zg(`${TAG} Z1`, new Date('2026-12-18T10:00:00+01:00'));
  ids.Z2 = await zg(`${TAG} Z2`, new Date(Date.now() - 400 * 86_400_000));
  ids.Z3 = await zg(`${TAG} Z3`, new Date());
  ids.Z4 = await zg(`${TAG} Z4`, new Date());
  await changeState(app.db, ids.Z3.id, 'materiały przygotowane', { userId: null, name: 'system' }, 'test');
  await changeState(app.db, ids.Z4.id, 'anulowana', { userId: g.id, name: 'test' }, 'test');

  const [op] = await app.db.query<{ id: number }>(`SELECT id FROM portal.gestorzy_sieci WHERE nazwa = 'Aquanet S.A.'`);
  const kc = async (investor: string, term: string) => {
    const c = await fileCase(app.db, {
      userId: p.id, designer: `${TAG} projektant`, investor, description: 'sieć wodociągowa', format: 'geojson',
      design: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[6_412_000, 5_810_000], [6_412_010, 5_810_000]] }, properties: { index: 0, branza: 'w', srednica: 110, funkcja: 'rozdzielczy', lengthM: 10 } }],
      mapPdf: Buffer.from('%PDF-1.4\n%%EOF\n'), report: { conflicts: [], parcels: [], design: [] }, term, operatorIds: [op!.id],
    }, { userId: p.id, name: p.login });
    return { id: c.id, numer: c.number };
  };
  ids.K1 = await kc('Miasto Poznań', addWorkingDays(today, 3));
  ids.K2 = await kc('Inwestor spóźniony', '2025-01-10');

  // Enough notifications of one firm for two pages.
  for (let i = 0; i < 52; i++) await zg(`${MANY} ${i}`, new Date());
}, 120_000);
afterAll(async () => { await app?.close(); });

describe('access', () => {
  it('sends a signed-out visitor to the login and refuses a klient with a Polish page', async () => {
    const anon = await fetch(`${app.url}/biuro/sprawy?rodzaj=zgloszenie`, { redirect: 'manual' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe(`/konto/logowanie?next=${encodeURIComponent('/biuro/sprawy?rodzaj=zgloszenie')}`);
    const k = await queue(`wnioskodawca=${TAG}`, klient);
    expect(k.status).toBe(403);
    expect(k.html).toContain('tylko dla pracowników ośrodka');
    expect(k.html).not.toContain(TAG);
  });
});

describe('the queue', () => {
  it('lists the open cases of both kinds, running terms first and nearest first, with working days left and past', async () => {
    const q = await queue(`wnioskodawca=${TAG}`);
    expect(q.status).toBe(200);
    expect(q.html).toContain(`<strong id="dzis">${today}</strong>`);
    const by = Object.fromEntries(q.rows.map((r) => [r.numer, r]));
    // The withdrawn notification is closed: not in the open list.
    expect(Object.keys(by).sort()).toEqual([ids.Z1, ids.Z2, ids.Z3, ids.K1, ids.K2].map((c) => c.numer).sort());

    // Filed Friday 18 Dec 2026: 21–23 Dec, (24–27 off), 28–31 Dec, (1–3 Jan off), 4–5 Jan, (6 Jan off), 7 Jan.
    expect(by[ids.Z1.numer]).toMatchObject({ kind: 'zgloszenie', state: 'zgłoszona', term: '2027-01-07' });
    expect(Number(by[ids.Z1.numer]!.days)).toBe(today <= '2027-01-07' ? countWorkingDays(today, '2027-01-07') : -countWorkingDays('2027-01-07', today));

    // 400 days ago: overdue by the working days from the term to today, public holidays not counted.
    const z2 = by[ids.Z2.numer]!;
    const past = countWorkingDays(z2.term, today);
    expect(past).toBeLessThan(countWorkingDays(z2.term, today, false));
    expect(z2).toMatchObject({ cls: 'overdue', days: String(-past), deadline: `po terminie: ${past} dni ${[2, 3, 4].includes(past % 10) && ![12, 13, 14].includes(past % 100) ? 'robocze' : 'roboczych'}` });

    expect(by[ids.K1.numer]).toMatchObject({ kind: 'koordynacja', state: 'w uzgodnieniu', days: '3', deadline: 'zostało 3 dni robocze', cls: '' });
    expect(by[ids.K2.numer]).toMatchObject({ cls: 'overdue', term: '2025-01-10' });
    // Materials handed over: the term no longer runs.
    expect(by[ids.Z3.numer]).toMatchObject({ state: 'materiały przygotowane', deadline: '—', days: '' });

    // Sorted: running terms by their day, then the rest.
    const running = q.rows.filter((r) => r.days !== '');
    expect(running.map((r) => r.term)).toEqual([...running.map((r) => r.term)].sort());
    expect(q.rows.at(-1)!.numer).toBe(ids.Z3.numer);

    // Each links to the case's permalink in its portal.
    expect(by[ids.Z1.numer]!.href).toBe(`/portal/geodeci#sprawa=${ids.Z1.id}`);
    expect(by[ids.K1.numer]!.href).toBe(`/portal/projektanci#sprawa=${ids.K1.id}`);
    // The cases' API answers name the same permalinks.
    const z1 = await (await staff.get(`/api/zgloszenia/${ids.Z1.id}`)).json() as { links: { rel: string; href: string }[] };
    expect(z1.links).toContainEqual(expect.objectContaining({ rel: 'alternate', href: `${app.url}/portal/geodeci#sprawa=${ids.Z1.id}` }));
    const k1 = await (await staff.get(`/api/coordination/cases/${ids.K1.id}`)).json() as { links: Record<string, string> };
    expect(k1.links).toMatchObject({ portal: `/portal/projektanci#sprawa=${ids.K1.id}`, portalGestor: `/portal/branzysci#sprawa=${ids.K1.id}` });
  });

  it('filters by kind, state, overdue, applicant and filing dates', async () => {
    const nums = async (query: string) => { const q = await queue(`wnioskodawca=${TAG}&${query}`); expect(q.status).toBe(200); return q.rows.map((r) => r.numer).sort(); };
    expect(await nums('rodzaj=koordynacja')).toEqual([ids.K1.numer, ids.K2.numer].sort());
    expect(await nums('po-terminie=tak')).toEqual([ids.Z2.numer, ids.K2.numer].sort());
    expect(await nums('rodzaj=zgloszenie&po-terminie=tak')).toEqual([ids.Z2.numer]);
    expect(await nums(`stan=${encodeURIComponent('anulowana')}`)).toEqual([ids.Z4.numer]);
    expect(await nums('stan=all&rodzaj=zgloszenie')).toEqual([ids.Z1.numer, ids.Z2.numer, ids.Z3.numer, ids.Z4.numer].sort());
    expect(await nums('od=2026-12-18&do=2026-12-18')).toEqual(today === '2026-12-18' ? expect.anything() : [ids.Z1.numer]);
    expect(await nums(`numer=${encodeURIComponent(ids.K2.numer)}`)).toEqual([ids.K2.numer]);
    // The designer's login finds the coordination cases; the licence number the notifications.
    expect((await queue(`wnioskodawca=4567/88&numer=${encodeURIComponent(ids.Z1.numer)}`)).rows.map((r) => r.numer)).toEqual([ids.Z1.numer]);
  });

  it('pages the list, keeping the filter in the page links', async () => {
    const first = await queue(`wnioskodawca=${MANY}`);
    expect(first.html).toContain('Znaleziono: <strong>52</strong>');
    expect(first.rows).toHaveLength(50);
    const next = /<a rel="next" href="([^"]+)">/.exec(first.html)![1]!.replace(/&amp;/g, '&');
    expect(next).toBe(`/biuro/sprawy?wnioskodawca=${MANY}&strona=2`);
    const second = await queue(next.split('?')[1]!);
    expect(second.rows).toHaveLength(2);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.numer)).size).toBe(52);
  });

  it('answers bad filter values with a Polish message and status 400, never a 500', async () => {
    const cases: [string, string][] = [
      ['rodzaj=sprawa', 'Nieznany rodzaj sprawy „sprawa”'],
      ['stan=zaginiona', 'Nieznany stan „zaginiona”'],
      [`rodzaj=zgloszenie&stan=${encodeURIComponent('w uzgodnieniu')}`, 'nie ma stanu „w uzgodnieniu”'],
      ['od=2026-02-30', 'Data „2026-02-30” nie jest datą'],
      ['od=2026-12-10&do=2026-12-01', 'Data początkowa jest późniejsza niż końcowa'],
      ['po-terminie=1', 'tylko po terminie'],
      ['strona=-1', 'Numer strony „-1”'],
      ['stan=a&stan=b', 'Pole „stan” podano więcej niż raz'],
      [`wnioskodawca=${'x'.repeat(101)}`, 'do 100 znaków'],
    ];
    for (const [query, message] of cases) {
      const q = await queue(query);
      expect(q.status, query).toBe(400);
      expect(q.html, query).toContain('role="alert"');
      expect(q.html, query).toContain(message.replace(/"/g, '&quot;'));
    }
  });
});
