// The fee engine against worked examples computed by hand from the rates of tariff.ts (which says where each figure
// comes from and whether it was verified). Table 11 of the annex to Prawo geodezyjne i kartograficzne (base rates of
// 31 July 2020, Dz.U. 2020 poz. 782): the annex's own text could not be read (re-checked 2026-12-03), so these are
// the figures two county pages publish (Starostwo Kartuskie, bip.kartuskipowiat.pl/artykul/50/789; Starostwo
// Trzebnickie, docsign-sptrzebnica.madkom.pl/Service/getService/id,110.html): wypis z rejestru gruntów 40 zł
// (electronic) / 50 zł (paper) per jednostka rejestrowa, wyrys 105 / 110 zł, wypis i wyrys 140 / 150 zł, wypis bez
// danych osobowych 24 / 30 zł. They are the annex's base rates, not the rates indexed each year under art. 40j.
// The free rows are checked against art. 40a ust. 2 pkt 1 (t.j. Dz.U. 2023 poz. 1752).
import { describe, expect, it } from 'vitest';
import { FeeError, quote, roundFee } from '../../server/fees/engine.ts';
import { TARIFF, TARIFF_VERSION, type TariffRow } from '../../server/fees/tariff.ts';

describe('fee engine: table 11 worked examples', () => {
  it('a wypis for one registration unit, electronic: 40,00 zł', () => {
    const q = quote([{ material: 'wypis', quantity: 1 }]);
    expect(q.total).toBe(40);
    expect(q.lines[0]).toMatchObject({ material: 'wypis', quantity: 1, amount: 40, rate: 40, tariffRow: 'T11.wypis.el' });
    expect(q.lines[0]!.legalBasis).toContain('tabela 11');
    expect(q.lines[0]!.legalBasis).toContain('2020-07-31');
    expect(q.tariffVersion).toBe(TARIFF_VERSION);
  });

  it('wypis i wyrys for 3 units on paper plus a wyrys for 2 units electronic: 3 × 150 + 2 × 105 = 660 zł', () => {
    const q = quote([
      { material: 'wypis_wyrys', quantity: 3, postac: 'nieelektroniczna' },
      { material: 'wyrys', quantity: 2 },
    ]);
    expect(q.lines.map((l) => l.amount)).toEqual([450, 210]);
    expect(q.total).toBe(660);
    expect(q.totalGr).toBe(66_000);
    expect(q.lines[0]!.explanation).toBe('150,00 zł × 3 (jednostka rejestrowa gruntów) = 450,00 zł');
  });

  it('a wypis without personal data costs less than one with them (24 zł against 40 zł)', () => {
    expect(quote([{ material: 'wypis_bez_danych', quantity: 1 }]).total).toBe(24);
  });
});

describe('fee engine: free materials say why', () => {
  it('NMT, the 3D model, the view services and the parcels’ ids and geometry are free, with their provision', () => {
    const q = quote([
      { material: 'nmt', quantity: 2.5 },
      { material: 'model3d', quantity: 1 },
      { material: 'view', quantity: 1 },
      { material: 'extract', dataset: 'egib_podstawowe', quantity: 12 },
    ]);
    expect(q.total).toBe(0);
    for (const l of q.lines) { expect(l.amount).toBe(0); expect(l.free).toMatch(/Bez opłaty/); }
    expect(q.lines[0]!.legalBasis).toContain('art. 40a ust. 2 pkt 1 lit. d');
    expect(q.lines[2]!.legalBasis).toContain('infrastrukturze informacji przestrzennej');
  });

  it('a paid data set next to a free one: only the paid one counts', () => {
    const q = quote([{ material: 'extract', dataset: 'gesut', quantity: 3 }, { material: 'nmt', quantity: 1 }]);
    expect(q.total).toBe(12);
  });
});

describe('fee engine: coefficients, rounding, minimum', () => {
  // A tariff of one row, to exercise the mechanics independently of the published figures.
  const ROW: TariffRow = { id: 'X.1', material: 'sheet', nazwa: 'test', jednostka: 'arkusz', postac: 'elektroniczna', stawkaGr: 1234, minimumGr: 3000,
    legalBasis: { act: 'akt', provision: 'tabela X', version: '2020-07-31' }, verified: false, evidence: 'test' };

  it('rounds to full tens of grosze: under 5 gr dropped, 5 gr and more up', () => {
    expect(roundFee(1234)).toBe(1230);
    expect(roundFee(1235)).toBe(1240);
    expect(roundFee(1239.6)).toBe(1240);
    expect(roundFee(4000)).toBe(4000);
  });

  it('Wop = Sp × Ljr × K: 12,34 zł × 5 × 0,8 = 49,36 zł → 49,40 zł', () => {
    const q = quote([{ material: 'sheet', quantity: 5, coefficients: [{ name: 'K', value: 0.8, basis: 'test' }] }], [ROW]);
    expect(q.lines[0]!.amountGr).toBe(4940);
    expect(q.lines[0]!.explanation).toContain('po zaokrągleniu 49,40 zł');
  });

  it('a line below the row’s minimum is raised to it', () => {
    const q = quote([{ material: 'sheet', quantity: 1 }], [ROW]);
    expect(q.lines[0]!.amount).toBe(30);
    expect(q.lines[0]!.explanation).toContain('opłata minimalna 30,00 zł');
  });

  it('refuses a non-positive quantity and a material without a row, naming the item', () => {
    expect(() => quote([{ material: 'wypis', quantity: 0 }])).toThrow(FeeError);
    try { quote([{ material: 'wypis', quantity: 1 }, { material: 'extract', quantity: 1 }]); } catch (e) { expect((e as FeeError).item).toBe(1); }
    expect(() => quote([{ material: 'extract', quantity: 1 }])).toThrow(/no tariff row/);
  });

  it('every row names its act, provision and version, and a free row says why', () => {
    for (const r of TARIFF) {
      expect(r.legalBasis.act.length).toBeGreaterThan(10);
      expect(r.legalBasis.provision).not.toBe('');
      expect(r.legalBasis.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(typeof r.verified).toBe('boolean');
      if (r.stawkaGr === 0) expect(r.zwolnienie).toBeTruthy();
    }
    expect(new Set(TARIFF.map((r) => r.id)).size).toBe(TARIFF.length);
  });

  it('a row marked verified names where the act’s text was read; the free data sets of art. 40a ust. 2 pkt 1 are', () => {
    for (const r of TARIFF.filter((t) => t.verified)) expect(r.evidence, r.id).toMatch(/https?:\/\/\S+/);
    expect(TARIFF.filter((r) => r.verified).map((r) => r.id).sort()).toEqual(['ZW.egib_podstawowe', 'ZW.nmt']);
    // No paid row is verified: the annex's tables were not reachable, and its rates are indexed yearly (art. 40j).
    for (const r of TARIFF.filter((t) => t.stawkaGr > 0)) expect(r.verified, r.id).toBe(false);
  });
});
