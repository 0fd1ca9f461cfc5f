// The pure parts of returned results: the state moves, and the GML and DXF readers (CRS and axis order as the
// WFS writes them, holes of DXF rings, broken files reported rather than thrown).
import { describe, expect, it } from 'vitest';
import { mayMove, SUBMITTABLE } from '../../server/cases/wyniki/states.ts';
import { readResultGml } from '../../server/cases/wyniki/read-gml.ts';
import { readResultDxf } from '../../server/cases/wyniki/read-dxf.ts';

const member = (srs: string, pos: string, extra = '') => `<wfs:member><egib:dzialki gml:id="d.1"><egib:idDzialki>306401_1.0004.12/1</egib:idDzialki><egib:poleEwidencyjne>0.0100</egib:poleEwidencyjne>
  <egib:powierzchniaGeometryczna>1</egib:powierzchniaGeometryczna>${extra}<egib:geom><gml:Polygon srsName="${srs}"><gml:exterior><gml:LinearRing><gml:posList>${pos}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></egib:geom></egib:dzialki></wfs:member>`;
const doc = (members: string) => `<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:egib="https://sip.poznan.pl/ns/egib">${members}</wfs:FeatureCollection>`;

describe('result states', () => {
  it('allows results after the materials, in the work and after a negative verification only', () => {
    expect(SUBMITTABLE).toEqual(['materiały przygotowane', 'w toku', 'zweryfikowane negatywnie']);
    expect(mayMove('zgłoszona', 'wyniki złożone')).toBe(false);
    expect(mayMove('wyniki złożone', 'przyjęte do zasobu')).toBe(false);
    expect(mayMove('zweryfikowane pozytywnie', 'przyjęte do zasobu')).toBe(true);
  });
});

describe('readResultGml', () => {
  it('reads the URN form northing first and the GML form easting first to the same x/y', () => {
    const urn = readResultGml('a.gml', doc(member('urn:ogc:def:crs:EPSG::2177', '5808000 6427000 5808000 6427010 5808010 6427010 5808000 6427000')), 1e6);
    const xy = readResultGml('b.gml', doc(member('http://www.opengis.net/gml/srs/epsg.xml#2177', '6427000 5808000 6427010 5808000 6427010 5808010 6427000 5808000')), 1e6);
    expect(urn.ok && xy.ok).toBe(true);
    expect(urn.objects[0]!.geometry).toEqual(xy.objects[0]!.geometry);
    expect(urn.objects[0]).toMatchObject({ warstwa: 'dzialki', identyfikator: '306401_1.0004.12/1', srid: 2177, atrybuty: { poleEwidencyjne: '0.0100' } });
    // Computed by the service: not taken from the file.
    expect(urn.objects[0]!.atrybuty.powierzchniaGeometryczna).toBeUndefined();
  });

  it('keeps a foreign CRS and an unreadable geometry for the report, and fails a file that is not GML', () => {
    const r = readResultGml('c.gml', doc(member('urn:ogc:def:crs:EPSG::2180', '1 2 3 4 5 6 1 2') + member('urn:ogc:def:crs:EPSG::2177', '1 2 3')), 1e6);
    expect(r.objects.map((o) => [o.srid, !!o.problem])).toEqual([[2180, false], [2177, true]]);
    expect(readResultGml('d.gml', '<a><b></a>', 1e6)).toMatchObject({ ok: false, error: expect.stringMatching(/not well-formed/) });
    expect(readResultGml('e.gml', doc(''), 1e6)).toMatchObject({ ok: false, error: expect.stringMatching(/no egib:dzialki/) });
  });
});

describe('readResultDxf', () => {
  const poly = (layer: string, pts: number[][], attrs: string[], closed = 1) =>
    ['0', 'LWPOLYLINE', '8', layer, '90', String(pts.length), '70', String(closed), ...pts.flatMap(([x, y]) => ['10', String(x), '20', String(y)]), '1001', 'SIP_POZNAN', ...attrs.flatMap((a) => ['1000', a])];
  const file = (...ents: string[][]) => ['0', 'SECTION', '2', 'ENTITIES', ...ents.flat(), '0', 'ENDSEC', '0', 'EOF'].join('\n') + '\n';

  it('joins the rings of one identifier, a ring inside another being its hole; other layers are left out', () => {
    const r = readResultDxf('a.dxf', file(
      poly('EGB_DZIALKI', [[6427000, 5808000], [6427100, 5808000], [6427100, 5808100], [6427000, 5808100]], ['idDzialki=306401_1.0004.12/1', 'poleEwidencyjne=0.9900']),
      poly('EGB_DZIALKI', [[6427040, 5808040], [6427050, 5808040], [6427050, 5808050], [6427040, 5808050]], ['idDzialki=306401_1.0004.12/1']),
      poly('EGB_DZIALKI_NUMERY', [[6427000, 5808000], [6427001, 5808000], [6427001, 5808001]], []),
    ));
    expect(r.ok).toBe(true);
    expect(r.ignored).toBe(1);
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0]!.geometry).toMatchObject({ type: 'Polygon', coordinates: [expect.any(Array), expect.any(Array)] });
    expect(r.objects[0]!.atrybuty.poleEwidencyjne).toBe('0.9900');
  });

  it('reports an open polyline, a missing identifier and coordinates outside zone 6', () => {
    const r = readResultDxf('b.dxf', file(
      poly('EGB_DZIALKI', [[6427000, 5808000], [6427100, 5808000], [6427100, 5808100]], ['idDzialki=306401_1.0004.1'], 0),
      poly('EGB_DZIALKI', [[6427000, 5808000], [6427100, 5808000], [6427100, 5808100]], []),
      poly('EGB_BUDYNKI', [[358000, 505000], [358010, 505000], [358010, 505010]], ['idBudynku=306401_1.0004.1.1_BUD']),
    ));
    expect(r.objects.map((o) => [o.identyfikator, o.problem ? o.problem.slice(o.problem.indexOf('): ') + 3) : null, o.srid])).toEqual([
      [null, 'no idDzialki in the XDATA of application SIP_POZNAN', null],
      ['306401_1.0004.1', 'the polyline is not closed (flag 70 bit 1): a boundary must be a closed ring', 2177],
      ['306401_1.0004.1.1_BUD', null, null],
    ]);
    expect(readResultDxf('c.dxf', 'not a dxf')).toMatchObject({ ok: false });
  });
});
