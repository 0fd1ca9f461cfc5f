// The base-map conventions as data: the network colours' AutoCAD colour numbers (the nearest of AutoCAD's palette),
// the label grammar of utility lines ("w150", "kd300") and buildings ("m4"), the CAD layer names.
import { describe, expect, it } from 'vitest';
import { ACI_PALETTE, NETWORKS, buildingLabel, nearestAci, networkLabel } from '../../server/catalog/cartography.ts';
import { networkCadLayer } from '../../server/formats/dxf.ts';

describe('cartography', () => {
  it('gives each network the AutoCAD colour index nearest its base-map colour', () => {
    // AutoCAD's palette: 5 = 0,0,255; 36 = 127,63,0 (hue 30°, value 127); 52 = 204,204,0; 30 = 255,127,0;
    // 212 = 204,0,204; 7 = black/white.
    expect(ACI_PALETTE[5]).toEqual([0, 0, 255]);
    expect(ACI_PALETTE[212]).toEqual([204, 0, 204]);
    const aci = Object.fromEntries(NETWORKS.map((n) => [n.code, nearestAci(n.rgb)]));
    expect(aci).toEqual({ w: 5, k: 36, g: 52, e: 1, t: 30, c: 212, s: 7, x: 7 });
  });

  it('writes line and building labels as the base map does', () => {
    expect(networkLabel({ branza: 'w', srednica: 150 })).toBe('w150');
    expect(networkLabel({ branza: 'k', typ: 'deszczowa', srednica: 300 })).toBe('kd300');
    expect(networkLabel({ branza: 'g', typ: 'średnie', srednica: 110 })).toBe('gś110');
    expect(networkLabel({ branza: 'e', typ: 'SN' })).toBe('eSN');
    expect(networkLabel({})).toBe('');
    expect(buildingLabel({ rodzajWgKST: '110', liczbaKondygnacjiNadziemnych: 4 })).toBe('m4');
    expect(buildingLabel({ rodzajWgKST: '103', liczbaKondygnacjiNadziemnych: 2 })).toBe('h2');
  });

  it('names CAD layers by branch and kind', () => {
    expect(networkCadLayer('w', 'lines')).toBe('GESUT_W_WODOCIAGOWA');
    expect(networkCadLayer('k', 'planned')).toBe('GESUT_K_KANALIZACYJNA_PROJ');
    expect(networkCadLayer('c', 'devices')).toBe('GESUT_C_CIEPLOWNICZA_URZADZENIA');
    expect(networkCadLayer('?', 'labels')).toBe('GESUT_X_NIEZIDENTYFIKOWANA_OPISY');
  });
});
