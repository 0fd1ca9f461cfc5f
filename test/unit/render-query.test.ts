// The rendering SQL: every value bound, the layer's fixed condition kept, work done only when needed.
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../server/catalog/layers.ts';
import type { Layer } from '../../server/catalog/types.ts';
import { CRS_LIST } from '../../server/crs/definitions.ts';
import { planLayerSql } from '../../server/render/query.ts';
import { layerStyle, usableRules } from '../../server/render/styles.ts';

function layer(typeName: string): Layer {
  const spec = LAYERS.find((l) => `${l.namespace}:${l.name}` === typeName)!;
  return { ...spec, typeName, extent: undefined, attributes: spec.attributes.map((a) => ({ ...a, type: 'string' as const, description: '', nullable: true })) };
}
const crs = (code: string) => CRS_LIST.find((c) => c.code === code)!;
const view = (code: string, withLabels: boolean) => ({
  req: { crs: crs(code), bbox: [6427400.123, 5808800.456, 6427500.789, 5808900.987] as [number, number, number, number], width: 333, height: 222 },
  nativeBox: [6427390.111, 5808790.222, 6427510.333, 5808910.444] as [number, number, number, number], nativePixel: 0.3, withLabels,
});

describe('rendering SQL', () => {
  it('binds every number and the layer condition as parameters', () => {
    const l = layer('gesut:przewody_gazowe');
    const style = layerStyle(l)!;
    const plan = planLayerSql(l, 'anonim', style.rules, undefined, view('EPSG:2177', false));
    for (const v of ['6427390.111', '5808790.222', '6427400.123', '333', "'g'"]) expect(plan.sql).not.toContain(v);
    expect(plan.params).toContain('g');
    expect(plan.params).toContain(6427390.111);
    expect(plan.sql).not.toContain('ST_Transform'); // the native CRS needs none
    expect(plan.sql).toContain('ST_ClipByBox2D');
    expect(plan.sql).toContain('ST_AsSVG');
  });

  it('transforms to the target CRS and fetches labels and rule attributes only when needed', () => {
    const l = layer('egib:dzialki');
    const style = layerStyle(l)!;
    const without = planLayerSql(l, 'anonim', [], style.label!.attribute, view('EPSG:3857', false));
    expect(without.sql).toContain('ST_Transform');
    expect(without.params).toContain(3857);
    expect(without.sql).not.toContain('numerDzialki');
    const withLabels = planLayerSql(l, 'anonim', [], style.label!.attribute, view('EPSG:3857', true));
    expect(withLabels.sql).toContain('"numerDzialki"');
    expect(withLabels.sql).toContain('ST_PointOnSurface');
    const kontury = layer('egib:kontury_uzytkow');
    expect(planLayerSql(kontury, 'anonim', layerStyle(kontury)!.rules, undefined, view('EPSG:2177', false)).sql).toContain('"OFU"');
  });

  it('selects points by position without clipping', () => {
    const l = layer('sip:drzewa');
    const plan = planLayerSql(l, 'anonim', [], undefined, view('EPSG:4326', false));
    expect(plan.sql).toContain('ST_X(q.pix)');
    expect(plan.sql).not.toContain('ST_ClipByBox2D');
  });

  it('leaves out in SQL the lines a scale rule hides, and joins the paths of a layer without labels per rule values', () => {
    const l = layer('gesut:przewody');
    const style = layerStyle(l)!;
    const small = planLayerSql(l, 'anonim', usableRules(l, style, 'anonim', 10_000), undefined, view('EPSG:2177', false), style.symbol);
    // Below 1:5000 service connections have width 0: a width test on funkcja, the value bound.
    expect(small.sql).toMatch(/CASE WHEN \(t\."funkcja"\)::text = ANY\(\$\d+::text\[\]\) THEN \$\d+::float8/);
    expect(small.params).toContainEqual(['przyłącze']);
    expect(small.sql).not.toContain('przyłącze');
    expect(small.aggregated).toBe(true);
    expect(small.sql).toContain('string_agg');
    expect(small.sql).toContain('GROUP BY');
    // At 1:1000 every line is drawn: no width test.
    const large = planLayerSql(l, 'anonim', usableRules(l, style, 'anonim', 1_000), undefined, view('EPSG:2177', false), style.symbol);
    expect(large.params).not.toContainEqual(['przyłącze']);
    // A labelled layer keeps one row per feature (each needs its anchor).
    const dz = layer('egib:dzialki');
    const labelled = planLayerSql(dz, 'anonim', [], layerStyle(dz)!.label!.attribute, view('EPSG:2177', true), layerStyle(dz)!.symbol);
    expect(labelled.aggregated).toBe(false);
    expect(labelled.sql).not.toContain('string_agg');
  });
});
