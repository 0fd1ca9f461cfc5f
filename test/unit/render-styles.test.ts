// Styles: the catalogue's StyleSpec with per-value rules, scale generalisation and role-aware rules.
import { describe, expect, it } from 'vitest';
import { LAYERS, BRANCHES } from '../../server/catalog/layers.ts';
import type { Layer } from '../../server/catalog/types.ts';
import { labelFactor, layerStyle, resolveSymbol, strokeFactor, usableRules } from '../../server/render/styles.ts';

function layer(typeName: string, patch: Partial<Layer> = {}): Layer {
  const spec = LAYERS.find((l) => `${l.namespace}:${l.name}` === typeName)!;
  return { ...spec, typeName, extent: undefined, attributes: spec.attributes.map((a) => ({ ...a, type: 'string' as const, description: '', nullable: true })), ...patch };
}

describe('render styles', () => {
  it('colours utility lines by branch and widens mains, as the base map does', () => {
    const przewody = layer('gesut:przewody');
    const style = layerStyle(przewody)!;
    const rules = usableRules(przewody, style, 'anonim', 1_000);
    const gas = resolveSymbol(style.symbol, rules, { branza: 'g', funkcja: 'magistralny', status: 'istniejący', eksploatacja: 'czynny' });
    expect(gas.stroke).toBe(BRANCHES.find((b) => b.value === 'g')!.colour);
    expect(gas.strokeWidth).toBe(2.6);
    // The base-map colours (BDOT500 2021 annex): water 0,0,255, sewage 128,51,0, gas 191,191,0, power 255,0,0,
    // telecom 255,145,0, heating 210,0,210, other black.
    expect(Object.fromEntries(BRANCHES.map((b) => [b.value, b.colour]))).toEqual({
      w: '#0000ff', k: '#803300', deszczowa: '#803300', g: '#bfbf00', e: '#ff0000', t: '#ff9100', c: '#d200d2', x: '#000000',
    });
    // Storm sewers are existing sewers: the sewage colour, solid; planned lines dashed, disused dotted.
    const storm = resolveSymbol(style.symbol, rules, { branza: 'k', typ: 'deszczowa', funkcja: 'rozdzielczy', status: 'istniejący', eksploatacja: 'czynny' });
    expect(storm.dash).toBeUndefined();
    expect(storm.stroke).toBe('#803300');
    expect(storm.strokeWidth).toBe(przewody.style.strokeWidth);
    const planned = resolveSymbol(style.symbol, rules, { branza: 'k', typ: 'deszczowa', funkcja: 'rozdzielczy', status: 'projektowany' });
    const disused = resolveSymbol(style.symbol, rules, { branza: 'w', funkcja: 'rozdzielczy', status: 'istniejący', eksploatacja: 'nieczynny' });
    expect(planned.dash).toEqual([6, 3]);
    expect(disused.dash).toEqual([1, 2.5]);
    // The legend explains the three line patterns.
    expect(style.rules.filter((r) => r.legend && Object.keys(r.when).every((a) => a === 'status' || a === 'eksploatacja')).map((r) => r.title.pl))
      .toEqual(['Istniejący, czynny (linia ciągła)', 'Projektowany (linia kreskowa)', 'Nieczynny (linia kropkowa)']);
  });

  it('hides service connections below 1:5000 and thins strokes at small scales', () => {
    const przewody = layer('gesut:przewody');
    const style = layerStyle(przewody)!;
    const values = { branza: 'w', funkcja: 'przyłącze', status: 'istniejący', eksploatacja: 'czynny' };
    expect(resolveSymbol(style.symbol, usableRules(przewody, style, 'anonim', 2_000), values).strokeWidth).toBe(1);
    expect(resolveSymbol(style.symbol, usableRules(przewody, style, 'anonim', 10_000), values).strokeWidth).toBe(0);
    expect(strokeFactor(1_000)).toBe(1);
    expect(strokeFactor(10_000)).toBe(0.5);
    expect(labelFactor(500)).toBe(1.4);
    expect(labelFactor(2_000)).toBe(1);
  });

  it('styles land use by OFU and labels from the catalogue', () => {
    const kontury = layer('egib:kontury_uzytkow');
    const style = layerStyle(kontury)!;
    expect(style.label).toMatchObject({ attribute: 'OFU', maxScale: 2_000 });
    const water = resolveSymbol(style.symbol, usableRules(kontury, style, 'anonim', 1_000), { OFU: 'Wp' });
    expect(water.fill).toMatch(/^#[0-9a-f]{6}$/);
    expect(style.rules.filter((r) => r.legend).length).toBeGreaterThanOrEqual(20);
  });

  it('offers only the default style', () => {
    expect(layerStyle(layer('egib:dzialki'), 'default')).toBeDefined();
    expect(layerStyle(layer('egib:dzialki'), 'DEFAULT')).toBeDefined();
    expect(layerStyle(layer('egib:dzialki'), 'fancy')).toBeUndefined();
  });

  it('never styles by an attribute the role may not see', () => {
    const budynki = layer('egib:budynki');
    const hidden = { ...budynki, attributes: budynki.attributes.map((a) => (a.name === 'rodzajWgKST' ? { ...a, roles: ['admin' as const] } : a)) };
    const style = layerStyle(hidden)!;
    expect(usableRules(hidden, style, 'anonim', 1_000).some((r) => 'rodzajWgKST' in r.when)).toBe(false);
    expect(usableRules(hidden, style, 'admin', 1_000).some((r) => 'rodzajWgKST' in r.when)).toBe(true);
  });
});
