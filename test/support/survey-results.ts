// Returned results of survey work as a surveyor hands them over, for the tests: GML as this service's WFS 2.0 writes
// egib:dzialki / egib:budynki (wfs:member, one element per attribute, egib:geom a MultiSurface), which the results'
// reader (server/cases/wyniki/read-gml.ts) takes back.
export type Ring = [number, number][];
export interface ResultFeature { layer: 'dzialki' | 'budynki'; props: Record<string, string>; rings: Ring[] }

/** An axis-parallel rectangle ring in EPSG:2177 (x = easting), closed. */
export const rect = (x1: number, y1: number, x2: number, y2: number): Ring => [[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]];

/** The features as a WFS 2.0 FeatureCollection; `srsName` in URN form writes northing first, as WFS does. */
export function gmlOfResults(features: readonly ResultFeature[], srsName = 'urn:ogc:def:crs:EPSG::2177'): string {
  const yx = srsName.startsWith('urn:');
  const members = features.map((f, i) => {
    const props = Object.entries(f.props).map(([k, v]) => `<egib:${k}>${v}</egib:${k}>`).join('');
    const rings = f.rings.map((r, j) => {
      const tag = j ? 'interior' : 'exterior';
      return `<gml:${tag}><gml:LinearRing><gml:posList>${r.map(([x, y]) => (yx ? `${y} ${x}` : `${x} ${y}`)).join(' ')}</gml:posList></gml:LinearRing></gml:${tag}>`;
    }).join('');
    return `<wfs:member><egib:${f.layer} gml:id="${f.layer}.${i}">${props}<egib:geom><gml:MultiSurface gml:id="${f.layer}.${i}.g" srsName="${srsName}"><gml:surfaceMember><gml:Polygon gml:id="${f.layer}.${i}.g.1">${rings}</gml:Polygon></gml:surfaceMember></gml:MultiSurface></egib:geom></egib:${f.layer}></wfs:member>`;
  }).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:egib="https://sip.poznan.pl/ns/egib" numberMatched="${features.length}" numberReturned="${features.length}" timeStamp="2026-12-03T12:00:00Z">
${members}
</wfs:FeatureCollection>`;
}
