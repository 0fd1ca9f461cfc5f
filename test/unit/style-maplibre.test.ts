// The MapLibre style is generated from the same style definitions as the WMS: for many features and zooms, the
// style's expressions (evaluated by the style spec's own evaluator) give the symbol resolveSymbol gives at the
// same true scale; the document is valid; scales become zooms at the true scale of Poznań.
import { describe, expect, it } from 'vitest';
import { Color, createPropertyExpression, featureFilter, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { LAYERS, BRANCHES } from '../../server/catalog/layers.ts';
import { branchColumn } from '../../server/catalog/styles.ts';
import type { Layer } from '../../server/catalog/types.ts';
import { labelPointsLayer, layerStyle, resolveSymbol, strokeFactor, usableRules } from '../../server/style/model.ts';
import { labelStyleLayer, layerStyleLayers, maplibreStyle, type StyleLayer } from '../../server/style/maplibre.ts';
import { POZNAN_LATITUDE, roundZoom, scaleAtZoom, zoomForScale, zoomRange } from '../../server/style/zoom.ts';
import { resolveFontStack } from '../../server/style/glyphs.ts';
import { LABEL_TEXT_PROPERTY } from '../../server/catalog/cartography.ts';

function layer(typeName: string, patch: Partial<Layer> = {}): Layer {
  const spec = LAYERS.find((l) => `${l.namespace}:${l.name}` === typeName)!;
  return { ...spec, typeName, extent: undefined, attributes: spec.attributes.map((a) => ({ ...a, type: 'string' as const, description: '', nullable: true })), ...patch };
}

const LAT = POZNAN_LATITUDE;
type Spec = Parameters<typeof createPropertyExpression>[2];
const PAINT: Record<string, Record<string, Spec>> = { line: latest.paint_line as never, fill: latest.paint_fill as never, circle: latest.paint_circle as never };

function evaluate(l: StyleLayer, property: string, zoom: number, properties: Record<string, string>): unknown {
  const value = (l.paint as Record<string, unknown>)[property];
  const spec = PAINT[l.type]![property]!;
  const parsed = createPropertyExpression(value, `${l.id}.${property}`, spec);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  return parsed.value.evaluate({ zoom }, { type: 2, properties } as never);
}

/** The style layers drawing a feature at a zoom: in the zoom band, and passing the filter. */
function drawing(layers: readonly StyleLayer[], type: string, zoom: number, properties: Record<string, string>, geometry: 1 | 2 | 3): StyleLayer[] {
  return layers.filter((l) => l.type === type && zoom >= ((l.minzoom as number | undefined) ?? 0) && zoom < ((l.maxzoom as number | undefined) ?? 24)
    && featureFilter(l.filter as never, 'filter').filter({ zoom }, { type: geometry, properties } as never));
}

const colour = (c: unknown) => (c as Color).toString();
const css = (hex: string) => Color.parse(hex)!.toString();

describe('MapLibre style from the catalogue styles', () => {
  it('converts scale denominators to MapLibre zooms at the true scale of Poznań (512-pixel tiles)', () => {
    expect(scaleAtZoom(0, 0)).toBeCloseTo(279_541_132, -1);
    expect(zoomForScale(25_000, LAT)).toBeCloseTo(12.74, 2);
    expect(zoomForScale(5_000, LAT)).toBeCloseTo(15.06, 2);
    expect(scaleAtZoom(zoomForScale(1_234, LAT), LAT)).toBeCloseTo(1_234, 6);
    // The nominal WebMercatorQuad scale is 1.64× the true one here.
    expect(559_082_264 / 2 ** 13 / scaleAtZoom(12, LAT)).toBeCloseTo(1 / Math.cos((LAT * Math.PI) / 180), 3);
  });

  it('draws every utility line as the WMS does: branch colour, width by function and scale, dash by status', () => {
    const przewody = layer('gesut:przewody');
    const style = layerStyle(przewody)!;
    const layers = layerStyleLayers(przewody, 'gesut', 'anonim', LAT);
    let checked = 0;
    for (const zoom of [14.2, 14.9, 15.3, 16.5, 19]) {
      const scale = scaleAtZoom(zoom, LAT);
      const rules = usableRules(przewody, style, 'anonim', scale);
      for (const b of BRANCHES) for (const funkcja of ['magistralny', 'rozdzielczy', 'przyłącze']) for (const [status, eksploatacja] of [['istniejący', 'czynny'], ['projektowany', ''], ['istniejący', 'nieczynny']] as const) {
        const values: Record<string, string> = { [branchColumn(b)]: b.value, ...(branchColumn(b) === 'typ' ? { branza: 'k' } : {}), funkcja, status, eksploatacja };
        const want = resolveSymbol(style.symbol, rules, values);
        const got = drawing(layers, 'line', zoom, values, 2);
        const ctx = JSON.stringify({ zoom, values });
        if (want.strokeWidth === 0) { expect(got, ctx).toEqual([]); continue; }
        expect(got.length, ctx).toBe(1);
        const l = got[0]!;
        expect(colour(evaluate(l, 'line-color', zoom, values)), ctx).toBe(css(want.stroke));
        const width = evaluate(l, 'line-width', zoom, values) as number;
        expect(width, ctx).toBeCloseTo(want.strokeWidth * strokeFactor(scale), 1);
        const dash = (l.paint as Record<string, unknown>)['line-dasharray'] as number[] | undefined;
        if (want.dash) expect(dash!.map((d) => d * want.strokeWidth), ctx).toEqual(want.dash.map((d) => expect.closeTo(d, 2)));
        else expect(dash, ctx).toBeUndefined();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(250);
    // Nothing below the layer's scale range (1:10 000 = zoom 14.06).
    expect(drawing(layers, 'line', 13.9, { branza: 'g', funkcja: 'magistralny', status: 'istniejący', eksploatacja: 'czynny' }, 2)).toEqual([]);
  });

  it('fills land use by OFU, buildings by class and status, and outlines devices by branch', () => {
    const kontury = layer('egib:kontury_uzytkow');
    const ks = layerStyle(kontury)!;
    const kl = layerStyleLayers(kontury, 'egib', 'anonim', LAT);
    for (const ofu of ['B', 'Wp', 'Ls', 'R', 'unknown']) {
      const want = resolveSymbol(ks.symbol, usableRules(kontury, ks, 'anonim', scaleAtZoom(15, LAT)), { OFU: ofu });
      const fill = drawing(kl, 'fill', 15, { OFU: ofu }, 3);
      expect(fill).toHaveLength(1);
      const c = colour(evaluate(fill[0]!, 'fill-color', 15, { OFU: ofu }));
      if (want.fill) expect(c).toBe(css(want.fill)); else expect(c).toBe(css('rgba(0,0,0,0)'));
      // Contour boundaries only from 1:5000 on.
      expect(drawing(kl, 'line', 14.5, { OFU: ofu }, 3)).toHaveLength(0);
      expect(drawing(kl, 'line', 16, { OFU: ofu }, 3)).toHaveLength(1);
    }
    const budynki = layer('egib:budynki');
    const bs = layerStyle(budynki)!;
    const bl = layerStyleLayers(budynki, 'egib', 'anonim', LAT);
    for (const values of [{ rodzajWgKST: '110', statusBudynku: 'istniejący' }, { rodzajWgKST: '101', statusBudynku: 'w budowie' }]) {
      const want = resolveSymbol(bs.symbol, bs.rules, values);
      const [fill] = drawing(bl, 'fill', 16, values, 3);
      expect(colour(evaluate(fill!, 'fill-color', 16, values))).toBe(css(want.fill!));
      expect(evaluate(fill!, 'fill-opacity', 16, values)).toBe(want.fillOpacity);
      const [line] = drawing(bl, 'line', 16, values, 3);
      expect((line!.paint as Record<string, unknown>)['line-dasharray'] !== undefined).toBe(!!want.dash);
    }
    const urz = layer('gesut:urzadzenia');
    const us = layerStyle(urz)!;
    const [circle] = drawing(layerStyleLayers(urz, 'gesut', 'anonim', LAT), 'circle', 17, { branza: 'g' }, 1);
    expect(colour(evaluate(circle!, 'circle-stroke-color', 17, { branza: 'g' }))).toBe(css(resolveSymbol(us.symbol, us.rules, { branza: 'g' }).stroke));
    expect(evaluate(circle!, 'circle-radius', 17, {})).toBe(3);
  });

  it('never styles by an attribute the role may not see', () => {
    const budynki = layer('egib:budynki');
    const hidden = { ...budynki, attributes: budynki.attributes.map((a) => (a.name === 'rodzajWgKST' ? { ...a, roles: ['admin' as const] } : a)) };
    expect(JSON.stringify(layerStyleLayers(hidden, 'egib', 'anonim', LAT))).not.toContain('rodzajWgKST');
    expect(JSON.stringify(layerStyleLayers(hidden, 'egib', 'admin', LAT))).toContain('rodzajWgKST');
  });

  it('makes a valid style of all registers, in paint order', () => {
    const all = LAYERS.map((l) => layer(`${l.namespace}:${l.name}`)).filter((l) => !l.where);
    const style = maplibreStyle({
      name: 'test', role: 'anonim', latitude: LAT, center: [16.93, 52.41], zoom: 15, background: '#ffffff',
      sources: ['egib', 'gesut', 'sip'].map((ns) => ({ id: ns, url: `http://localhost/tiles/${ns}.json`, layers: all.filter((l) => l.namespace === ns) })),
    });
    expect(validateStyleMin(style as never).map((e) => e.message)).toEqual([]);
    expect(style.layers[0]!.type).toBe('background');
    const z = style.layers.slice(1).map((l) => layerStyle(all.find((a) => a.name === l['source-layer'])!)!.zIndex);
    expect([...z].sort((a, b) => a - b)).toEqual(z);
    expect(new Set(style.layers.map((l) => l.id)).size).toBe(style.layers.length);
  });

  it('labels what the WMS labels, from the scale the WMS starts labelling, with served fonts', () => {
    const all = LAYERS.map((l) => layer(`${l.namespace}:${l.name}`)).filter((l) => !l.where);
    const sources = ['egib', 'gesut', 'sip'].map((ns) => ({ id: ns, url: `http://localhost/tiles/${ns}.json`, layers: all.filter((l) => l.namespace === ns) }));
    const base = { name: 'test', role: 'anonim' as const, latitude: LAT, center: [16.93, 52.41] as [number, number], zoom: 15, sources };
    expect(maplibreStyle(base).layers.filter((l) => l.type === 'symbol')).toEqual([]);
    const style = maplibreStyle({ ...base, glyphs: 'http://localhost/tiles/fonts/{fontstack}/{range}.pbf' });
    expect(validateStyleMin(style as never).map((e) => e.message)).toEqual([]);
    expect(style.glyphs).toBe('http://localhost/tiles/fonts/{fontstack}/{range}.pbf');
    const symbols = style.layers.filter((l) => l.type === 'symbol');
    const labelled = all.filter((l) => layerStyle(l)?.label);
    // A label drawn once per feature (districts) reads the tiles' anchor layer <name>_etykiety.
    const sourceOf = (l: (typeof all)[number]) => (layerStyle(l)!.label!.once ? labelPointsLayer(l.name) : l.name);
    expect(symbols.map((l) => l['source-layer']).sort()).toEqual(labelled.map(sourceOf).sort());
    for (const l of labelled) {
      const label = layerStyle(l)!.label!;
      const s = symbols.find((x) => x['source-layer'] === sourceOf(l))!;
      // minzoom: the WMS label's scale limit (or the layer's own, when that starts later).
      expect(s.minzoom, l.name).toBe(roundZoom(Math.max(zoomForScale(label.maxScale, LAT), zoomRange(l.scale, LAT).min)));
      const layout = s.layout as Record<string, unknown>;
      // A plain get where the label is one attribute: QGIS 3.22 converts it, MapLibre shows numbers as text.
      // A plain get: of the attribute, or of the label text the tiles carry for a composed label (QGIS 3.22 converts both).
      expect(layout['text-field']).toEqual(['get', label.text ? LABEL_TEXT_PROPERTY : label.attribute]);
      if (label.alongLine) expect(layout['symbol-placement']).toBe('line');
      expect(resolveFontStack((layout['text-font'] as string[])[0]!)).toBeDefined();
      expect(s.paint).toMatchObject({ 'text-color': label.colour, 'text-halo-color': label.halo });
    }
    // Parcel numbers from 1:2500, building storeys from 1:1500 only, as the WMS draws them.
    const at = (name: string) => symbols.find((x) => x['source-layer'] === name)!.minzoom as number;
    expect(scaleAtZoom(at('dzialki'), LAT)).toBeCloseTo(2_500, -1);
    expect(scaleAtZoom(at('budynki'), LAT)).toBeCloseTo(1_500, -1);
    // Network labels (w150) along the lines from 1:1000.
    expect(scaleAtZoom(at('przewody'), LAT)).toBeCloseTo(1_000, -1);
    // Labels above every geometry layer; the highest priority is placed first (topmost).
    const firstSymbol = style.layers.findIndex((l) => l.type === 'symbol');
    expect(style.layers.slice(firstSymbol).every((l) => l.type === 'symbol')).toBe(true);
    expect(symbols.at(-1)!['source-layer']).toBe('obreby_etykiety');
  });

  it('does not label by an attribute the role may not see', () => {
    const dzialki = layer('egib:dzialki');
    const hidden = { ...dzialki, attributes: dzialki.attributes.map((a) => (a.name === 'numerDzialki' ? { ...a, roles: ['admin' as const] } : a)) };
    expect(labelStyleLayer(hidden, 'egib', 'anonim', LAT)).toBeUndefined();
    expect(labelStyleLayer(hidden, 'egib', 'admin', LAT)?.type).toBe('symbol');
  });
});

