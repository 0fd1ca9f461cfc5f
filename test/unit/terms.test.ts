// The decision table of what is free and what is ordered (server/catalog/terms.ts): every layer classified with free
// attributes that exist, every basis from a real tariff row, the capabilities' texts and the README's table agree.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { LAYERS } from '../../server/catalog/layers.ts';
import { LAYER_TERMS, TERMS, accessConstraintsText, feesText, termsBasis } from '../../server/catalog/terms.ts';
import { tariffRow } from '../../server/fees/tariff.ts';
import { downloadAccess } from '../../server/catalog/download-terms.ts';
import { ROLES, isOfficeStaff } from '../../server/catalog/roles.ts';

const README = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('terms of the materials', () => {
  it('classifies every layer; a free part names attributes the layer has', () => {
    for (const spec of LAYERS) {
      const name = `${spec.namespace}:${spec.name}` as keyof typeof LAYER_TERMS;
      const t = LAYER_TERMS[name];
      expect(t, name).toBeDefined();
      for (const a of t.free?.attributes ?? []) expect(spec.attributes.map((x) => x.name), `${name}.${a}`).toContain(a);
    }
  });

  it('takes each legal basis from a tariff row whose fee matches the terms', () => {
    for (const t of TERMS) {
      if (t.tariffRow) {
        const row = tariffRow(t.tariffRow);
        expect(row, t.tariffRow).toBeDefined();
        expect(row!.stawkaGr === 0, t.id).toBe(t.fee === 'free');
      } else expect(t.basis, t.id).toBeTruthy();
      expect(termsBasis(t)).not.toBe('');
    }
  });

  it('writes Fees and AccessConstraints from the table and the README shows the same decisions', () => {
    const fees = feesText();
    for (const t of TERMS) expect(fees).toContain(t.nazwa.pl);
    expect(fees).not.toMatch(/none|brak/);
    expect(accessConstraintsText()).toContain('art. 40c');
    const table = README.slice(README.indexOf('### What is free and what is ordered'));
    for (const t of TERMS.filter((x) => x.tariffRow)) expect(table, t.id).toContain(`\`${t.tariffRow!.replace(/\.wypis\.el$/, '.*')}\``);
  });

  it('decides each download by the table: free whole, a free part only, charged refused; staff and open get all', () => {
    for (const [layer, t] of Object.entries(LAYER_TERMS)) {
      const fee = TERMS.find((x) => x.id === t.terms)!.fee;
      for (const role of ROLES) {
        expect(downloadAccess({ layer }, role, 'open'), `${layer} ${role} open`).toEqual({ kind: 'whole' });
        const access = downloadAccess({ layer }, role, 'tariff');
        const expected = isOfficeStaff(role) || fee === 'free' ? 'whole' : t.free ? 'free-part' : 'refused';
        expect(access.kind, `${layer} ${role}`).toBe(expected);
        if (access.kind === 'free-part') expect(access.attributes).toEqual(t.free!.attributes);
      }
    }
    expect(downloadAccess({ layer: 'gesut:przewody' }, 'geodeta', 'tariff')).toMatchObject({ kind: 'refused', charged: { id: 'gesut' } });
    expect(downloadAccess({ material: 'mapa_zasadnicza' }, 'klient', 'tariff').kind).toBe('refused');
    expect(downloadAccess({ material: 'mapa_zasadnicza' }, 'pracownik', 'tariff').kind).toBe('whole');
    expect(downloadAccess({ material: 'nmt' }, 'anonim', 'tariff').kind).toBe('whole');
    expect(downloadAccess({ layer: 'test:unclassified' }, 'anonim', 'tariff').kind).toBe('refused');
  });
});
