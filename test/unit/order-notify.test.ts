// The orderer's e-mails as pure texts (server/orders/notify.ts orderMail): every step names the order, the DOO mail
// carries the amount in figures and words, the office's account, the transfer title and the DOO's link, a correction
// names both numbers and its reason, a cancellation its reason, a release its download link, an anonymous orderer's
// first links carry the access token.
import { describe, expect, it } from 'vitest';
import { orderMail, type MailFacts } from '../../server/orders/notify.ts';

const facts = (over: Partial<MailFacts['order']> = {}): MailFacts => ({
  order: {
    id: '3f1d2c4e-0000-4000-8000-000000000001', numer: 'ZAM/2026/000042', amountGr: 12900, dooNumber: 'DOO/2026/000017',
    dooDate: new Date('2026-12-03T10:00:00Z'), paymentDue: new Date('2026-12-17T10:00:00Z'), payer: 'Jan Kowalski', userId: null,
    items: [
      { lp: 1, material: 'wypis_bez_danych', postac: 'elektroniczna', subject: {}, quantity: 1, unit: 'jednostka rejestrowa', rateGr: 2400, amountGr: 2400, tariffVersion: '2020-07-31', tariffRow: 'T11', legalBasis: 'x', explanation: 'x' },
      { lp: 2, material: 'wyrys', postac: 'elektroniczna', subject: {}, quantity: 1, unit: 'jednostka rejestrowa', rateGr: 10500, amountGr: 10500, tariffVersion: '2020-07-31', tariffRow: 'T11', legalBasis: 'x', explanation: 'x' },
    ],
    ...over,
  },
  office: { name: 'ZGiKM GEOPOZ', bankAccount: '16102040270000123456789012' },
  baseUrl: 'https://sip.example.pl',
});

describe('orderMail', () => {
  it('placed: the number, the items and the order link with the anonymous orderer\'s token', () => {
    const m = orderMail(facts(), { kind: 'złożone', accessToken: 'zam_abc' });
    expect(m.subject).toBe('Zamówienie ZAM/2026/000042 zostało złożone');
    expect(m.text).toContain('  1. Wypis z rejestru gruntów bez danych osobowych: 24,00 zł\n  2. Wyrys z mapy ewidencyjnej: 105,00 zł\nRazem: 129,00 zł');
    expect(m.link).toBe('https://sip.example.pl/api/orders/3f1d2c4e-0000-4000-8000-000000000001?token=zam_abc');
    expect(m.text).toContain(m.link!);
  });

  it('DOO issued: amount in figures and words, account, transfer title, term and the DOO link', () => {
    const m = orderMail(facts(), { kind: 'DOO wystawiony' });
    expect(m.subject).toBe('Zamówienie ZAM/2026/000042: Dokument Obliczenia Opłaty DOO/2026/000017');
    expect(m.text).toContain('Do zapłaty: 129,00 zł (słownie: sto dwadzieścia dziewięć złotych zero groszy).');
    expect(m.text).toContain('Rachunek: 16 1020 4027 0000 1234 5678 9012 (ZGiKM GEOPOZ)');
    expect(m.text).toContain('Tytuł przelewu: DOO/2026/000017 opłata za materiały PZGiK ZAM/2026/000042');
    expect(m.text).toContain('Termin zapłaty: 17.12.2026');
    expect(m.link).toBe('https://sip.example.pl/api/orders/3f1d2c4e-0000-4000-8000-000000000001/doo.pdf');
    // Anonymous without the token at hand: told to add it.
    expect(m.text).toContain('?token=');
    expect(orderMail(facts({ userId: 7 }), { kind: 'DOO wystawiony' }).text).not.toContain('?token=');
  });

  it('DOO corrected: both numbers and the reason', () => {
    const m = orderMail(facts({ dooNumber: 'DOO/2026/000020' }), { kind: 'DOO skorygowany', previousDoo: 'DOO/2026/000017', reason: 'błędny adres płatnika' });
    expect(m.subject).toBe('Zamówienie ZAM/2026/000042: korekta DOO — nowy numer DOO/2026/000020');
    expect(m.text).toContain('Dokument Obliczenia Opłaty DOO/2026/000017 do zamówienia ZAM/2026/000042 został zastąpiony korektą: DOO/2026/000020');
    expect(m.text).toContain('Powód korekty: błędny adres płatnika');
    expect(m.text).toContain('Tytuł przelewu: DOO/2026/000020 opłata');
  });

  it('paid, released, cancelled, lapsed', () => {
    expect(orderMail(facts(), { kind: 'opłacone' }).text).toContain('Odnotowaliśmy zapłatę 129,00 zł za zamówienie ZAM/2026/000042 (DOO DOO/2026/000017).');
    const released = orderMail(facts(), { kind: 'zrealizowane', downloadLink: 'https://sip.example.pl/api/orders/x/pliki' });
    expect(released.subject).toBe('Zamówienie ZAM/2026/000042: materiały do pobrania');
    expect(released.text).toContain('https://sip.example.pl/api/orders/x/pliki');
    const cancelled = orderMail(facts(), { kind: 'anulowane', reason: 'na prośbę zamawiającego' });
    expect(cancelled.subject).toBe('Zamówienie ZAM/2026/000042 zostało anulowane');
    expect(cancelled.text).toContain('Powód: na prośbę zamawiającego');
    expect(cancelled.text).toContain('DOO/2026/000017 jest nieaktualny');
    expect(orderMail(facts({ dooNumber: null }), { kind: 'anulowane', reason: 'r' }).text).not.toContain('nieaktualny');
    const lapsed = orderMail(facts(), { kind: 'wygasłe' });
    expect(lapsed.subject).toBe('Zamówienie ZAM/2026/000042 wygasło');
    expect(lapsed.text).toContain('(DOO DOO/2026/000017, 129,00 zł) upłynął 17.12.2026');
  });

  it('signs every message with the office', () => {
    for (const ev of [{ kind: 'opłacone' }, { kind: 'wygasłe' }] as const) expect(orderMail(facts(), ev).text).toMatch(/\n--\nZGiKM GEOPOZ\n/);
  });
});
