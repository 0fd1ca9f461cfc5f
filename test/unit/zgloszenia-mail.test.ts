// The surveyor's e-mails about a notification (server/cases/zgloszenia/mail.ts, pure): the filing's confirmation
// names the DOO and its amount; the package-ready message says "download now" for a paid or free fee and "after the
// DOO is paid" (with its number and amount) otherwise.
import { describe, expect, it } from 'vitest';
import { filedMail, packageReadyMail, type CaseMailFacts } from '../../server/cases/zgloszenia/mail.ts';

const facts = (fee: CaseMailFacts['fee']): CaseMailFacts => ({
  numer: 'ZG.6640.17.2026', celPrac: 'podział nieruchomości', terminMaterialow: '2026-12-17', fee,
  portalUrl: 'https://sip.example.pl/portal/geodeci', office: 'Ośrodek testowy',
});

describe('notification e-mails', () => {
  it('confirms the filing with the deadline and the DOO', () => {
    const m = filedMail(facts({ amountGr: 20000, dooNumber: 'DOO/2026/000042', paid: false }));
    expect(m.subject).toBe('Zgłoszenie prac geodezyjnych ZG.6640.17.2026 przyjęte');
    expect(m.text).toContain('2026-12-17');
    expect(m.text).toContain('200,00 zł, DOO DOO/2026/000042');
    expect(m.link).toBe('https://sip.example.pl/portal/geodeci');
  });

  it('tells that the package is ready: to download when paid, after the DOO otherwise', () => {
    const unpaid = packageReadyMail(facts({ amountGr: 10000, dooNumber: 'DOO/2026/000043', paid: false }));
    expect(unpaid.subject).toBe('Zgłoszenie ZG.6640.17.2026: pakiet materiałów zasobu przygotowany');
    expect(unpaid.text).toContain('po wniesieniu opłaty 100,00 zł według DOO DOO/2026/000043');
    expect(unpaid.text).toContain('materiały przygotowane');
    const paid = packageReadyMail(facts({ amountGr: 10000, dooNumber: 'DOO/2026/000043', paid: true }));
    expect(paid.text).toContain('Pakiet można pobrać w Portalu Geodety');
    expect(paid.text).not.toContain('po wniesieniu opłaty');
    expect(packageReadyMail(facts(null)).text).toContain('Pakiet można pobrać');
  });
});
