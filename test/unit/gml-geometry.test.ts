// GML geometries as clients write them in filters → GeoJSON literals, easting/longitude first.
import { describe, expect, it } from 'vitest';
import { parseGmlGeometry } from '../../server/query/gml-geometry.ts';
import { FilterError } from '../../server/query/filter.ts';
import { parseXml } from '../../server/xml/parse.ts';

const GML32 = 'xmlns:gml="http://www.opengis.net/gml/3.2"';
const GML31 = 'xmlns:gml="http://www.opengis.net/gml"';
const DEFAULT = { defaultCrs: 'urn:ogc:def:crs:EPSG::2177' };

function gml(xml: string, options: { defaultCrs: string; legacyShortForm?: boolean } = DEFAULT) {
  return parseGmlGeometry(parseXml(xml).documentElement!, options);
}

const box = (x1: number, y1: number, x2: number, y2: number) => ({
  type: 'Polygon', coordinates: [[[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]]],
});

describe('envelopes', () => {
  it('reads a GML 3.2 Envelope without srsName in the default CRS, northing first (GDAL 3.6)', () => {
    const lit = gml(`<gml:Envelope ${GML32}><gml:lowerCorner>5808000.0000000000000000 6400000.0000000000000000</gml:lowerCorner>`
      + '<gml:upperCorner>5809000.0000000000000000 6401000.0000000000000000</gml:upperCorner></gml:Envelope>');
    expect(lit).toEqual({ kind: 'geometry', crs: 'EPSG:2177', geometry: box(6400000, 5808000, 6401000, 5809000) });
  });

  it('follows the axis order of each srsName form', () => {
    const env = (srs: string, lower: string, upper: string) =>
      gml(`<gml:Envelope ${GML32} srsName="${srs}"><gml:lowerCorner>${lower}</gml:lowerCorner><gml:upperCorner>${upper}</gml:upperCorner></gml:Envelope>`);
    expect(env('urn:ogc:def:crs:EPSG::4326', '52.3 16.8', '52.5 17.1')).toEqual({ kind: 'geometry', crs: 'EPSG:4326', geometry: box(16.8, 52.3, 17.1, 52.5) });
    expect(env('http://www.opengis.net/def/crs/EPSG/0/4326', '52.3 16.8', '52.5 17.1').geometry).toEqual(box(16.8, 52.3, 17.1, 52.5));
    expect(env('EPSG:4326', '52.3 16.8', '52.5 17.1').geometry).toEqual(box(16.8, 52.3, 17.1, 52.5));
    expect(env('urn:ogc:def:crs:OGC:1.3:CRS84', '16.8 52.3', '17.1 52.5')).toEqual({ kind: 'geometry', crs: 'CRS:84', geometry: box(16.8, 52.3, 17.1, 52.5) });
    expect(env('http://www.opengis.net/gml/srs/epsg.xml#2177', '6400000 5808000', '6401000 5809000').geometry).toEqual(box(6400000, 5808000, 6401000, 5809000));
    expect(env('EPSG:3857', '1870000 6860000', '1880000 6870000')).toMatchObject({ crs: 'EPSG:3857', geometry: box(1870000, 6860000, 1880000, 6870000) });
    expect(env('urn:ogc:def:crs:EPSG::2180', '500000 350000', '501000 351000').geometry).toEqual(box(350000, 500000, 351000, 501000));
  });

  it('reads the short EPSG form as x/y when the caller says so (WFS 1.0)', () => {
    const lit = gml(`<gml:Envelope ${GML32} srsName="EPSG:4326"><gml:lowerCorner>16.8 52.3</gml:lowerCorner><gml:upperCorner>17.1 52.5</gml:upperCorner></gml:Envelope>`,
      { ...DEFAULT, legacyShortForm: true });
    expect(lit.geometry).toEqual(box(16.8, 52.3, 17.1, 52.5));
  });

  it('reads a GML 2 Box with coordinates (FES 1.0 / GDAL WFS 1.1) and with coord X/Y', () => {
    expect(gml(`<gml:Box ${GML31}><gml:coordinates>5808000.5,6400000 5809000,6401000</gml:coordinates></gml:Box>`).geometry)
      .toEqual(box(6400000, 5808000.5, 6401000, 5809000));
    expect(gml('<Envelope xmlns="http://www.opengis.net/gml"><coord><X>5808000</X><Y>6400000</Y></coord><coord><X>5809000</X><Y>6401000</Y></coord></Envelope>').geometry)
      .toEqual(box(6400000, 5808000, 6401000, 5809000));
    expect(gml(`<gml:Envelope ${GML31} srsName="CRS:84"><gml:pos>16.8 52.3</gml:pos><gml:pos>17.1 52.5</gml:pos></gml:Envelope>`).geometry)
      .toEqual(box(16.8, 52.3, 17.1, 52.5));
  });

  it('honours cs, ts and decimal of GML 2 coordinates', () => {
    const lit = gml(`<gml:Box ${GML31} srsName="CRS:84"><gml:coordinates cs=";" ts="|" decimal=",">16,8;52,3|17,1;52,5</gml:coordinates></gml:Box>`);
    expect(lit.geometry).toEqual(box(16.8, 52.3, 17.1, 52.5));
  });

  it('finds corners whatever namespace the client put them in (OWSLib writes fes:lowerCorner)', () => {
    const lit = gml('<gml:Envelope xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:fes="http://www.opengis.net/fes/2.0">'
      + '<fes:lowerCorner>5808000 6400000</fes:lowerCorner><gml:upperCorner>5809000 6401000</gml:upperCorner></gml:Envelope>');
    expect(lit.geometry).toEqual(box(6400000, 5808000, 6401000, 5809000));
  });

  it('refuses a lower corner above the upper one (a swapped axis order)', () => {
    expect(() => gml(`<gml:Envelope ${GML32}><gml:lowerCorner>6400000 5808000</gml:lowerCorner><gml:upperCorner>6401000 5807000</gml:upperCorner></gml:Envelope>`))
      .toThrow(/lower corner/);
  });
});

describe('simple geometries', () => {
  it('reads points in pos, coordinates and coord', () => {
    expect(gml(`<gml:Point ${GML32} srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>52.4 16.9</gml:pos></gml:Point>`))
      .toEqual({ kind: 'geometry', crs: 'EPSG:4326', geometry: { type: 'Point', coordinates: [16.9, 52.4] } });
    expect(gml(`<gml:Point ${GML31} srsName="EPSG:2177"><gml:coordinates>5808000,6400000</gml:coordinates></gml:Point>`, { ...DEFAULT, legacyShortForm: true }).geometry)
      .toEqual({ type: 'Point', coordinates: [5808000, 6400000] });
    expect(gml(`<gml:Point ${GML31}><gml:coord><gml:X>5808000</gml:X><gml:Y>6400000</gml:Y></gml:coord></gml:Point>`).geometry)
      .toEqual({ type: 'Point', coordinates: [6400000, 5808000] });
  });

  it('reads lines from posList, pos sequences and srsDimension 3', () => {
    expect(gml(`<gml:LineString ${GML32} srsName="CRS:84"><gml:posList>16.9 52.4 16.95 52.41</gml:posList></gml:LineString>`).geometry)
      .toEqual({ type: 'LineString', coordinates: [[16.9, 52.4], [16.95, 52.41]] });
    expect(gml(`<gml:LineString ${GML32} srsName="CRS:84"><gml:pos>16.9 52.4</gml:pos><gml:pos>16.95 52.41</gml:pos></gml:LineString>`).geometry)
      .toEqual({ type: 'LineString', coordinates: [[16.9, 52.4], [16.95, 52.41]] });
    expect(gml(`<gml:LineString ${GML32} srsName="CRS:84" srsDimension="3"><gml:posList>16.9 52.4 60 16.95 52.41 61</gml:posList></gml:LineString>`).geometry)
      .toEqual({ type: 'LineString', coordinates: [[16.9, 52.4], [16.95, 52.41]] });
    expect(gml(`<gml:LineString ${GML32} srsName="CRS:84"><gml:posList srsDimension="2">16.9 52.4 16.95 52.41</gml:posList></gml:LineString>`).geometry)
      .toEqual({ type: 'LineString', coordinates: [[16.9, 52.4], [16.95, 52.41]] });
  });

  it('reads the polygon GDAL writes for ST_GeomFromText (GML3, gml:id, long srsName, lat/lon)', () => {
    const lit = gml(`<gml:Polygon ${GML32} gml:id="id1" srsName="urn:ogc:def:crs:EPSG::4326"><gml:exterior><gml:LinearRing>`
      + '<gml:posList>52.4 16.9 52.4 17.0 52.5 17.0 52.4 16.9</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>');
    expect(lit).toEqual({ kind: 'geometry', crs: 'EPSG:4326', geometry: { type: 'Polygon', coordinates: [[[16.9, 52.4], [17, 52.4], [17, 52.5], [16.9, 52.4]]] } });
  });

  it('reads polygons with holes in GML 3 and GML 2', () => {
    const ring = (d: number) => `${d} ${d} ${d} ${10 - d} ${10 - d} ${10 - d} ${10 - d} ${d} ${d} ${d}`;
    const expected = { type: 'Polygon', coordinates: [
      [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [8, 2], [8, 8], [2, 8], [2, 2]],
    ] };
    expect(gml(`<gml:Polygon ${GML32}><gml:exterior><gml:LinearRing><gml:posList>${ring(0)}</gml:posList></gml:LinearRing></gml:exterior>`
      + `<gml:interior><gml:LinearRing><gml:posList>${ring(2)}</gml:posList></gml:LinearRing></gml:interior></gml:Polygon>`).geometry).toEqual(expected);
    const coords = (d: number) => ring(d).split(' ').reduce<string[]>((acc, v, i, a) => (i % 2 ? acc : [...acc, `${v},${a[i + 1]}`]), []).join(' ');
    expect(gml(`<gml:Polygon ${GML31}><gml:outerBoundaryIs><gml:LinearRing><gml:coordinates>${coords(0)}</gml:coordinates></gml:LinearRing></gml:outerBoundaryIs>`
      + `<gml:innerBoundaryIs><gml:LinearRing><gml:coordinates>${coords(2)}</gml:coordinates></gml:LinearRing></gml:innerBoundaryIs></gml:Polygon>`).geometry).toEqual(expected);
  });

  it('reads a LinearRing as a polygon, a Curve of line segments and a Surface with one patch', () => {
    expect(gml(`<gml:LinearRing ${GML32} srsName="CRS:84"><gml:posList>0 0 1 0 1 1 0 0</gml:posList></gml:LinearRing>`).geometry)
      .toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] });
    expect(gml(`<gml:Curve ${GML32} srsName="CRS:84"><gml:segments><gml:LineStringSegment><gml:posList>0 0 1 1</gml:posList></gml:LineStringSegment>`
      + '<gml:LineStringSegment><gml:posList>1 1 2 0</gml:posList></gml:LineStringSegment></gml:segments></gml:Curve>').geometry)
      .toEqual({ type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] });
    expect(gml(`<gml:Surface ${GML32} srsName="CRS:84"><gml:patches><gml:PolygonPatch><gml:exterior><gml:LinearRing><gml:posList>0 0 1 0 1 1 0 0</gml:posList>`
      + '</gml:LinearRing></gml:exterior></gml:PolygonPatch></gml:patches></gml:Surface>').geometry)
      .toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] });
  });
});

describe('multi-geometries', () => {
  const poly = (x: number) => `<gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 ${x} 0 ${x + 1} 1 ${x + 1} 0 ${x}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>`;

  it('reads MultiSurface members, inheriting the container srsName', () => {
    const lit = gml(`<gml:MultiSurface ${GML32} srsName="urn:ogc:def:crs:EPSG::4326"><gml:surfaceMember>${poly(16)}</gml:surfaceMember>`
      + `<gml:surfaceMember>${poly(20)}</gml:surfaceMember></gml:MultiSurface>`);
    expect(lit.crs).toBe('EPSG:4326');
    expect(lit.geometry).toEqual({ type: 'MultiPolygon', coordinates: [
      [[[16, 0], [17, 0], [17, 1], [16, 0]]], [[[20, 0], [21, 0], [21, 1], [20, 0]]],
    ] });
    expect(gml(`<gml:MultiSurface ${GML32} srsName="CRS:84"><gml:surfaceMembers>${poly(1)}${poly(2)}</gml:surfaceMembers></gml:MultiSurface>`).geometry)
      .toMatchObject({ type: 'MultiPolygon', coordinates: [[[[0, 1], [0, 2], [1, 2], [0, 1]]], [[[0, 2], [0, 3], [1, 3], [0, 2]]]] });
  });

  it('reads GML 2 MultiPolygon, MultiLineString and MultiPoint', () => {
    expect(gml(`<gml:MultiPolygon ${GML31} srsName="CRS:84"><gml:polygonMember>${poly(1)}</gml:polygonMember></gml:MultiPolygon>`).geometry)
      .toEqual({ type: 'MultiPolygon', coordinates: [[[[0, 1], [0, 2], [1, 2], [0, 1]]]] });
    expect(gml(`<gml:MultiLineString ${GML31} srsName="CRS:84"><gml:lineStringMember><gml:LineString><gml:coordinates>0,0 1,1</gml:coordinates></gml:LineString></gml:lineStringMember></gml:MultiLineString>`).geometry)
      .toEqual({ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] });
    expect(gml(`<gml:MultiPoint ${GML31} srsName="CRS:84"><gml:pointMember><gml:Point><gml:coordinates>1,2</gml:coordinates></gml:Point></gml:pointMember>`
      + '<gml:pointMember><gml:Point><gml:coordinates>3,4</gml:coordinates></gml:Point></gml:pointMember></gml:MultiPoint>').geometry)
      .toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
  });

  it('reads MultiCurve with LineString and Curve members', () => {
    expect(gml(`<gml:MultiCurve ${GML32} srsName="CRS:84"><gml:curveMember><gml:LineString><gml:posList>0 0 1 1</gml:posList></gml:LineString></gml:curveMember>`
      + '<gml:curveMember><gml:Curve><gml:segments><gml:LineStringSegment><gml:posList>2 2 3 3</gml:posList></gml:LineStringSegment></gml:segments></gml:Curve></gml:curveMember></gml:MultiCurve>').geometry)
      .toEqual({ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] });
  });
});

describe('mistakes are FilterErrors a GIS user understands', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown CRS', `<gml:Point ${GML32} srsName="EPSG:31468"><gml:pos>1 2</gml:pos></gml:Point>`, /EPSG:31468.*not supported/],
    ['open ring', `<gml:Polygon ${GML32}><gml:exterior><gml:LinearRing><gml:posList>0 0 1 0 1 1 0 1</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>`, /not closed/],
    ['short ring', `<gml:LinearRing ${GML32}><gml:posList>0 0 1 0 0 0</gml:posList></gml:LinearRing>`, /four positions/],
    ['odd posList', `<gml:LineString ${GML32}><gml:posList>0 0 1</gml:posList></gml:LineString>`, /multiple of 2/],
    ['text in pos', `<gml:Point ${GML32}><gml:pos>1 north</gml:pos></gml:Point>`, /"north" is not a number/],
    ['no coordinates', `<gml:Point ${GML32}/>`, /no coordinates/],
    ['one-point line', `<gml:LineString ${GML32}><gml:posList>0 0</gml:posList></gml:LineString>`, /at least two/],
    ['arc segment', `<gml:Curve ${GML32}><gml:segments><gml:Arc><gml:posList>0 0 1 1 2 0</gml:posList></gml:Arc></gml:segments></gml:Curve>`, /LineStringSegment/],
    ['MultiGeometry', `<gml:MultiGeometry ${GML32}/>`, /not a supported GML geometry/],
    ['srsDimension 4', `<gml:LineString ${GML32} srsDimension="4"><gml:posList>0 0 0 0</gml:posList></gml:LineString>`, /srsDimension 4/],
    ['wrong member', `<gml:MultiPoint ${GML32}><gml:curveMember/></gml:MultiPoint>`, /not expected/],
  ];
  for (const [name, xml, message] of cases) {
    it(name, () => {
      expect(() => gml(xml)).toThrow(FilterError);
      expect(() => gml(xml)).toThrow(message);
    });
  }
});
