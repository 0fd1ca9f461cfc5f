// The office's queue, pure parts: a case's deadline on a given day (running only in the states its term runs in,
// working days left/past with the public holidays skipped), the Polish words of the days-left column, and the
// permalinks to a case (written by the server, read by the client).
import { describe, expect, it } from 'vitest';
import { deadlineOf, deadlineText, isQueueState, workingDaysPl } from '../../server/cases/queue.ts';
import { caseOfFragment, casePath, caseUrl } from '../../server/cases/links.ts';

describe('deadlineOf', () => {
  it('counts working days to a term across Christmas 2026 and past it', () => {
    // From Wed 23 Dec 2026 to Thu 7 Jan 2027: 28–31 Dec, 4, 5, 7 Jan (24–27 Dec, 1–3 Jan, 6 Jan are days off).
    expect(deadlineOf('zgloszenie', 'zgłoszona', '2027-01-07', '2026-12-23')).toEqual({ term: '2027-01-07', running: true, daysLeft: 7, overdue: false });
    expect(deadlineOf('zgloszenie', 'zgłoszona', '2026-12-23', '2027-01-05')).toMatchObject({ daysLeft: -6, overdue: true });
    // A term ending on Friday, seen on Saturday: past, but no working day past yet.
    const sat = deadlineOf('koordynacja', 'w uzgodnieniu', '2026-12-04', '2026-12-05');
    expect(sat).toMatchObject({ daysLeft: 0, overdue: true });
    expect(deadlineText(sat)).toBe('po terminie');
  });

  it('shows no days when the term does not run in the state', () => {
    const d = deadlineOf('zgloszenie', 'w toku', '2020-01-10', '2026-12-03');
    expect(d).toMatchObject({ running: false, daysLeft: null, overdue: false });
    expect(deadlineText(d)).toBe('—');
    expect(deadlineOf('koordynacja', 'protokół wydany', '2020-01-10', '2026-12-03').overdue).toBe(false);
  });

  it('words the days in Polish', () => {
    expect([1, 2, 4, 5, 12, 22, 25, 104, 111].map(workingDaysPl)).toEqual(['1 dzień roboczy', '2 dni robocze', '4 dni robocze', '5 dni roboczych',
      '12 dni roboczych', '22 dni robocze', '25 dni roboczych', '104 dni robocze', '111 dni roboczych']);
    expect(deadlineText({ term: '2026-12-03', running: true, daysLeft: 0, overdue: false })).toBe('upływa dziś');
    expect(deadlineText({ term: '2026-12-01', running: true, daysLeft: -2, overdue: true })).toBe('po terminie: 2 dni robocze');
  });

  it('knows the states of each kind', () => {
    expect(isQueueState('w uzgodnieniu')).toBe(true);
    expect(isQueueState('w uzgodnieniu', 'zgloszenie')).toBe(false);
    expect(isQueueState('anulowana', 'zgloszenie')).toBe(true);
    expect(isQueueState('opłacone')).toBe(false);
  });
});

describe('case permalinks', () => {
  const id = '0b6f6c1e-5a1d-4c36-9f5e-2f9d1b7a8c01';
  it('writes and reads #sprawa=<id> beside the map parameters', () => {
    expect(casePath('geodeci', id)).toBe(`/portal/geodeci#sprawa=${id}`);
    expect(caseUrl('https://sip.example.pl/', 'projektanci', id)).toBe(`https://sip.example.pl/portal/projektanci#sprawa=${id}`);
    expect(caseOfFragment(`#map=17/52.4/16.9&layers=dzialki&sprawa=${id}`)).toBe(id);
    expect(caseOfFragment('#sprawa=ZG.6640.1.2026')).toBeUndefined();
    expect(caseOfFragment('#map=17/52.4/16.9')).toBeUndefined();
    expect(() => casePath('geodeci', '../admin')).toThrow(RangeError);
  });
});

describe('the fee order of a notification in the e-mails', () => {
  it('points the DOO and the payment mails to the notification, where paying releases the package', async () => {
    const { orderMail } = await import('../../server/orders/notify.ts');
    const link = caseUrl('https://sip.example.pl', 'geodeci', '0b6f6c1e-5a1d-4c36-9f5e-2f9d1b7a8c01');
    const facts = {
      order: { id: '3f1d2c4e-0000-4000-8000-000000000001', numer: 'ZAM/2026/000042', amountGr: 5000, dooNumber: 'DOO/2026/000017', dooDate: new Date('2026-12-03T10:00:00Z'),
        paymentDue: new Date('2026-12-17T10:00:00Z'), payer: 'GeoPomiar', userId: 7, items: [] },
      office: { name: 'ZGiKM GEOPOZ', bankAccount: '16102040270000123456789012' }, baseUrl: 'https://sip.example.pl',
    };
    expect(orderMail({ ...facts, caseLink: link }, { kind: 'DOO wystawiony' }).text).toContain(`Sprawa zgłoszenia w Portalu Geodety: ${link}`);
    const paid = orderMail({ ...facts, caseLink: link }, { kind: 'opłacone' });
    expect(paid.text).toContain(`do pobrania w sprawie (Portal Geodety, Moje sprawy):\n${link}`);
    expect(paid.link).toBe(link);
    expect(orderMail(facts, { kind: 'opłacone' }).text).toContain('poinformujemy w kolejnej wiadomości');
  });
});
