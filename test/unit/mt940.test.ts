// The MT940 parser (server/payments/mt940.ts) on a statement laid out as Polish banks export it (structured :86:
// with ~NN subfields, Polish letters, a debit for a bank fee), in UTF-8 and in Windows-1250.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeStatement, dooNumberIn, Mt940Error, parseAmount, parseMt940 } from '../../server/payments/mt940.ts';

const FILE = path.join(import.meta.dirname, '../fixtures/payments/wyciag-2026-12-03.mt940');
const text = readFileSync(FILE, 'utf8');

describe('MT940', () => {
  it('reads the statement, its balances and every entry with title and counterparty', () => {
    const [st] = parseMt940(text);
    expect(st).toMatchObject({ reference: 'ST261203000017', account: 'PL16102040270000123456789012', number: '00237/001', currency: 'PLN', openingBalanceGr: 1_250_000, closingBalanceGr: 1_270_350 });
    expect(st!.entries).toHaveLength(4);
    const [a, b, c, d] = st!.entries;
    expect(a).toMatchObject({ valueDate: '2026-12-03', mark: 'C', amountGr: 12_900, transactionType: 'N641', reference: 'NONREF', bankReference: '4120512345678901',
      title: 'DOO/2026/000001 opłata za materiały PZGiK ZAM/2026/000001', counterparty: 'ANNA NOWAK UL. PÓŁWIEJSKA 2 POZNAŃ', counterpartyAccount: 'PL46109010140000000012345678' });
    expect(b!.counterparty).toBe('BIURO GEODEZYJNE ŁUKASZ WIŚNIEWSKI');
    expect(c!.title).toBe('opłata za wypis działka 12');
    expect(d).toMatchObject({ mark: 'D', amountGr: 1_550, title: 'PROWIZJALISTOPAD 2026' });
    // The balances add up: opening + credits − debits = closing.
    const sum = st!.entries.reduce((s, e) => s + (e.mark === 'C' ? e.amountGr : -e.amountGr), st!.openingBalanceGr!);
    expect(sum).toBe(st!.closingBalanceGr);
  });

  it('reads the same statement in Windows-1250', () => {
    const cp1250 = Buffer.from(new TextEncoder().encode(text)); // UTF-8 first
    expect(decodeStatement(cp1250)).toBe(text);
    // Windows-1250 bytes of "ą ó ł Ł ż": b9 f3 b3 a3 bf
    const bytes = Buffer.from([0x3a, 0x32, 0x30, 0x3a, 0x58, 0x0a, 0x3a, 0x38, 0x36, 0x3a, 0xb9, 0xf3, 0xb3, 0xa3, 0xbf]);
    expect(decodeStatement(bytes)).toBe(':20:X\n:86:ąółŁż');
  });

  it('finds the DOO number in a title, also with spaces a bank put for slashes', () => {
    expect(dooNumberIn('DOO/2026/000001 opłata')).toBe('DOO/2026/000001');
    expect(dooNumberIn('DOO 2026 000002 wypis')).toBe('DOO/2026/000002');
    expect(dooNumberIn('doo-2026-17')).toBe('DOO/2026/000017');
    expect(dooNumberIn('opłata za wypis działka 12')).toBeNull();
  });

  it('refuses what is not MT940', () => {
    expect(() => parseMt940('hello')).toThrow(Mt940Error);
    expect(() => parseMt940(':20:X\n:61:garbage\n')).toThrow(/line 2/);
    expect(() => parseAmount('12.50')).toThrow(Mt940Error);
    expect(parseAmount('12,5')).toBe(1250);
  });
});
