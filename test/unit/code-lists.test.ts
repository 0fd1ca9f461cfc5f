// The code lists of the 2021 EGiB/GESUT model: complete against the database CHECKs, names beside codes as
// people read them, and the klasoużytek designation as the register writes it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BRANZA, CODE_LISTS, KST, OFU, OZK, OZU, TYP_PRZEWODU, codeName, codeNameSql, codeWithName, klasouzytek } from '../../server/domain/code-lists.ts';
import { LAYERS } from '../../server/catalog/layers.ts';

const sql = (f: string): string => readFileSync(new URL(`../../sql/${f}`, import.meta.url), 'utf8');

/** The values of a `"column" IN ('a','b',…)` CHECK in a migration. */
function checkValues(text: string, column: string): string[] {
  const m = new RegExp(`"${column}"\\s+IN\\s+\\(([^)]*)\\)`).exec(text);
  if (!m) throw new Error(`no CHECK on ${column}`);
  return [...m[1]!.matchAll(/'([^']*)'/g)].map((x) => x[1]!);
}

describe('code lists (2021 model)', () => {
  it('hold exactly the codes the database accepts', () => {
    expect(OFU.map((c) => c.code).sort()).toEqual(checkValues(sql('002_egib.sql'), 'OFU').sort());
    expect(OFU).toHaveLength(25);
    expect(KST.map((c) => c.code).sort()).toEqual(checkValues(sql('002_egib.sql'), 'rodzajWgKST').sort());
    const m009 = sql('009_model_2021.sql');
    expect(OZU.map((c) => c.code).sort()).toEqual(checkValues(m009, 'OZU').sort());
    expect(OZK.map((c) => c.code).sort()).toEqual(checkValues(m009, 'OZK').sort());
    expect(BRANZA.map((c) => c.code)).toEqual(['w', 'k', 'e', 'g', 'c', 't', 's', 'x']);
    expect(BRANZA.map((c) => c.code).sort()).toEqual(checkValues(m009, 'branza').sort());
    for (const [branch, types] of Object.entries(TYP_PRZEWODU)) {
      expect(BRANZA.some((b) => b.code === branch), branch).toBe(true);
      expect(new Set(types.map((t) => t.code)).size).toBe(types.length);
    }
  });

  it('name codes as people read them', () => {
    expect(codeName(KST, '110')).toBe('Budynki mieszkalne');
    expect(codeName(KST, '107')).toBe('Budynki oświaty, nauki i kultury oraz budynki sportowe');
    expect(codeWithName(OFU, 'dr')).toBe('dr – Drogi');
    expect(codeWithName(OFU, 'Bi', 'en')).toBe('Bi – Other built-up land');
    expect(codeWithName(KST, '999')).toBe('999');
    expect(codeName(BRANZA, 'c')).toBe('Sieć ciepłownicza');
    expect(codeName(OFU, null)).toBeUndefined();
    expect(CODE_LISTS.rodzajWgKST).toBe(KST);
  });

  it('writes a klasoużytek as the register does', () => {
    expect(klasouzytek('R', 'R', 'IVa')).toBe('RIVa');
    expect(klasouzytek('S', 'R', 'IIIa')).toBe('S-RIIIa');
    expect(klasouzytek('dr', null, null)).toBe('dr');
    expect(klasouzytek('Ł', 'Ł', 'III')).toBe('ŁIII');
  });

  it('gives the catalogue name attributes beside the codes, quoted safely', () => {
    const attrs = (n: string) => LAYERS.find((l) => l.name === n)!.attributes.map((a) => a.name);
    expect(attrs('budynki')).toEqual(expect.arrayContaining(['rodzajWgKST', 'nazwaRodzajuWgKST']));
    expect(attrs('kontury_uzytkow')).toEqual(expect.arrayContaining(['OFU', 'nazwaOFU', 'OZU', 'OZK', 'powierzchnia', 'oznaczenieKlasouzytku']));
    expect(attrs('przewody')).toEqual(expect.arrayContaining(['branza', 'nazwaBranzy', 'typ', 'status', 'eksploatacja', 'wladajacy']));
    expect(attrs('przewody')).not.toContain('rodzajSieci');
    expect(attrs('dzialki')).toEqual(expect.arrayContaining(['poleEwidencyjne', 'numerKW', 'JRG', 'numerArkusza']));
    expect(codeNameSql('t."x"', [{ code: "a'b", pl: "c'd", en: 'e' }])).toBe(`(CASE t."x" WHEN 'a''b' THEN 'c''d' END)`);
  });
});
