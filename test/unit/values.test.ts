// Values as people read them in the portals and the 3D view (issue 16): declared decimals and the decimal comma,
// code names beside codes, grid coordinates to the centimetre.
import { describe, expect, it } from 'vitest';
import { NAME_ATTRIBUTES, formatMetres, formatValue } from '../../client/src/ui/values.ts';

describe('attribute values', () => {
  it('shows areas and lengths with the attribute’s declared decimals and the page’s separator', () => {
    expect(formatValue('poleEwidencyjne', 0.175, 'pl')).toBe('0,1750');
    expect(formatValue('poleEwidencyjne', 0.175, 'en')).toBe('0.1750');
    expect(formatValue('powierzchniaGeometryczna', 1750, 'pl')).toBe('1750,00');
    expect(formatValue('powZabudowy', 819.3679, 'pl')).toBe('819,37');
    expect(formatValue('liczbaKondygnacjiNadziemnych', 4, 'pl')).toBe('4');
    expect(formatValue('glebokosc', null, 'pl')).toBe('–');
  });

  it('names codes beside them', () => {
    expect(formatValue('rodzajWgKST', '107', 'pl')).toBe('107 – Budynki oświaty, nauki i kultury oraz budynki sportowe');
    expect(formatValue('OFU', 'B', 'pl')).toBe('B – Tereny mieszkaniowe');
    expect(formatValue('branza', 'w', 'en')).toBe('w – Water supply');
    expect(formatValue('funkcja', '110', 'pl', 'sip:budynki_projektowane')).toBe('110 – Budynki mieszkalne');
    expect(formatValue('funkcja', 'magistralny', 'pl', 'gesut:przewody')).toBe('magistralny');
    expect(NAME_ATTRIBUTES.has('nazwaRodzajuWgKST')).toBe(true);
  });

  it('writes grid coordinates in metres to the centimetre, without digit groups', () => {
    expect(formatMetres(5808863.1234, 'pl')).toBe('5808863,12');
    expect(formatMetres(6427477.005, 'en')).toBe('6427477.01');
  });
});

describe('search kinds of the portals', () => {
  it('offers land registers in every portal and owners only where the role is entitled to them', async () => {
    const { PORTALS } = await import('../../server/catalog/portals.ts');
    const { PERSONAL_DATA_ROLES } = await import('../../server/catalog/roles.ts');
    for (const p of PORTALS) {
      expect(p.search, p.id).toContain('register');
      expect(p.search.includes('owner'), p.id).toBe(PERSONAL_DATA_ROLES.includes(p.role));
    }
  });
});
