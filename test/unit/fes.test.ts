// FES 2.0 / FE 1.1 → filter AST, with the documents GDAL 3.6 and OWSLib 0.27 actually send.
import { describe, expect, it } from 'vitest';
import { normalisePropertyName, parseFesFilter, translatePattern } from '../../server/query/fes.ts';
import { FilterError, type Filter } from '../../server/query/filter.ts';
import { parseXml } from '../../server/xml/parse.ts';

const prop = (name: string) => ({ kind: 'property', name });
const lit = (value: string) => ({ kind: 'literal', value });
const box = (x1: number, y1: number, x2: number, y2: number) => ({
  type: 'Polygon', coordinates: [[[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]]],
});

/** The wrapper GDAL's WFS driver puts around every WFS 2.0 filter (ogrwfslayer.cpp, MakeGetFeatureURL). */
const gdal20 = (body: string) =>
  `<Filter xmlns="http://www.opengis.net/fes/2.0" xmlns:egib="https://sip.poznan.pl/ns/egib" xmlns:gml="http://www.opengis.net/gml/3.2">${body}</Filter>`;
/** …and every WFS 1.1 filter. */
const gdal11 = (body: string) =>
  `<Filter xmlns="http://www.opengis.net/ogc" xmlns:egib="https://sip.poznan.pl/ns/egib" xmlns:gml="http://www.opengis.net/gml">${body}</Filter>`;
const fes = (body: string) =>
  `<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2">${body}</fes:Filter>`;

describe('GDAL 3.6 WFS 2.0 filters (default FES namespace, unprefixed names)', () => {
  it('attribute comparisons from -where', () => {
    expect(parseFesFilter(gdal20('<PropertyIsEqualTo><ValueReference>numerDzialki</ValueReference><Literal>12/3</Literal></PropertyIsEqualTo>')))
      .toEqual({ op: 'compare', operator: '=', left: prop('numerDzialki'), right: lit('12/3'), matchCase: true });
    expect(parseFesFilter(gdal20('<And><PropertyIsGreaterThanOrEqualTo><ValueReference>poleEwidencyjne</ValueReference><Literal>0.5</Literal></PropertyIsGreaterThanOrEqualTo>'
      + '<PropertyIsNotEqualTo><ValueReference>idObrebu</ValueReference><Literal>306401_1.0001</Literal></PropertyIsNotEqualTo></And>')))
      .toEqual({ op: 'and', args: [
        { op: 'compare', operator: '>=', left: prop('poleEwidencyjne'), right: lit('0.5'), matchCase: true },
        { op: 'compare', operator: '<>', left: prop('idObrebu'), right: lit('306401_1.0001'), matchCase: true },
      ] });
    // Servers without PropertyIsNotEqualTo get Not(PropertyIsEqualTo); IS NULL → PropertyIsNull.
    expect(parseFesFilter(gdal20('<Or><Not><PropertyIsEqualTo><ValueReference>numerKW</ValueReference><Literal>PO1P/00012345/6</Literal></PropertyIsEqualTo></Not>'
      + '<PropertyIsNull><ValueReference>numerKW</ValueReference></PropertyIsNull></Or>')))
      .toEqual({ op: 'or', args: [
        { op: 'not', arg: { op: 'compare', operator: '=', left: prop('numerKW'), right: lit('PO1P/00012345/6'), matchCase: true } },
        { op: 'isNull', expr: prop('numerKW') },
      ] });
  });

  it('LIKE with wildCard="*" singleChar="_" escapeChar="!" (% → *, * → !*, ! → !!)', () => {
    // -where "numerDzialki LIKE '1%'" and ILIKE "a*b!c%"
    expect(parseFesFilter(gdal20("<PropertyIsLike wildCard='*' singleChar='_' escapeChar='!' matchCase='true'><ValueReference>numerDzialki</ValueReference><Literal>1*</Literal></PropertyIsLike>")))
      .toEqual({ op: 'like', expr: prop('numerDzialki'), pattern: '1%', matchCase: true });
    expect(parseFesFilter(gdal20("<PropertyIsLike wildCard='*' singleChar='_' escapeChar='!' matchCase='false'><ValueReference>polozenie</ValueReference><Literal>a!*b!!c*</Literal></PropertyIsLike>")))
      .toEqual({ op: 'like', expr: prop('polozenie'), pattern: 'a*b!c%', matchCase: false });
  });

  it('BBOX from a spatial filter: prefixed geometry, gml:Envelope without srsName = default CRS, northing first', () => {
    const f = parseFesFilter(gdal20('<BBOX><ValueReference>egib:geom</ValueReference><gml:Envelope>'
      + '<gml:lowerCorner>5806000.0000000000000000 6398000.0000000000000000</gml:lowerCorner>'
      + '<gml:upperCorner>5807500.5000000000000000 6399000.0000000000000000</gml:upperCorner></gml:Envelope></BBOX>'));
    expect(f).toEqual({ op: 'spatial', relation: 'bbox', property: 'geom',
      geometry: { kind: 'geometry', crs: 'EPSG:2177', geometry: box(6398000, 5806000, 6399000, 5807500.5) } });
  });

  it('BBOX with the SRSNAME of the base URL, combined with an attribute filter', () => {
    const f = parseFesFilter(gdal20('<And><PropertyIsEqualTo><ValueReference>idObrebu</ValueReference><Literal>306401_1.0001</Literal></PropertyIsEqualTo>'
      + '<BBOX><ValueReference>egib:geom</ValueReference><gml:Envelope srsName="urn:ogc:def:crs:EPSG::4326">'
      + '<gml:lowerCorner>52.40 16.90</gml:lowerCorner><gml:upperCorner>52.41 16.92</gml:upperCorner></gml:Envelope></BBOX></And>'));
    expect(f).toMatchObject({ op: 'and', args: [{ op: 'compare' }, { op: 'spatial', geometry: { crs: 'EPSG:4326', geometry: box(16.9, 52.4, 16.92, 52.41) } }] });
  });

  it('gml_id = … becomes ResourceId siblings directly in Filter (OR of ids)', () => {
    expect(parseFesFilter(gdal20('<ResourceId rid="dzialki.5"/><ResourceId rid="dzialki.7"/>'))).toEqual({ op: 'resourceId', ids: ['dzialki.5', 'dzialki.7'] });
  });

  it('spatial predicates from ST_* functions with ST_GeomFromText / ST_MakeEnvelope and DWithin unit="m"', () => {
    const f = parseFesFilter(gdal20('<Intersects><ValueReference>egib:geom</ValueReference><gml:Point gml:id="id1" srsName="urn:ogc:def:crs:EPSG::4326">'
      + '<gml:pos>52.4 16.9</gml:pos></gml:Point></Intersects>'));
    expect(f).toEqual({ op: 'spatial', relation: 'intersects', property: 'geom', geometry: { kind: 'geometry', crs: 'EPSG:4326', geometry: { type: 'Point', coordinates: [16.9, 52.4] } } });
    const d = parseFesFilter(gdal20('<DWithin><ValueReference>egib:geom</ValueReference><gml:Point gml:id="id1" srsName="urn:ogc:def:crs:EPSG::2177">'
      + '<gml:pos>5807000 6398500</gml:pos></gml:Point><Distance unit="m">150</Distance></DWithin>'));
    expect(d).toEqual({ op: 'distance', relation: 'dwithin', property: 'geom', distance: 150, units: 'm',
      geometry: { kind: 'geometry', crs: 'EPSG:2177', geometry: { type: 'Point', coordinates: [6398500, 5807000] } } });
  });
});

describe('GDAL WFS 1.1 filters (FE 1.1 in the default namespace)', () => {
  it('PropertyName, GmlObjectId with id or gml:id, FeatureId', () => {
    expect(parseFesFilter(gdal11('<PropertyIsLessThan><PropertyName>srednica</PropertyName><Literal>300</Literal></PropertyIsLessThan>')))
      .toEqual({ op: 'compare', operator: '<', left: prop('srednica'), right: lit('300'), matchCase: true });
    expect(parseFesFilter(gdal11('<GmlObjectId id="przewody.1"/><GmlObjectId gml:id="przewody.2"/><FeatureId fid="przewody.3"/>')))
      .toEqual({ op: 'resourceId', ids: ['przewody.1', 'przewody.2', 'przewody.3'] });
  });

  it('BBOX as gml:Box coordinates and as a GML 2 Envelope with coord', () => {
    expect(parseFesFilter(gdal11('<BBOX><PropertyName>gesut:geom</PropertyName><gml:Box><gml:coordinates>5806000.0000000000000000,6398000.0000000000000000 5807000.0000000000000000,6399000.0000000000000000</gml:coordinates></gml:Box></BBOX>')))
      .toMatchObject({ op: 'spatial', relation: 'bbox', property: 'geom', geometry: { crs: 'EPSG:2177', geometry: box(6398000, 5806000, 6399000, 5807000) } });
    expect(parseFesFilter(gdal11('<BBOX><PropertyName>geom</PropertyName><Envelope xmlns="http://www.opengis.net/gml"><coord><X>5806000</X><Y>6398000</Y></coord><coord><X>5807000</X><Y>6399000</Y></coord></Envelope></BBOX>')))
      .toMatchObject({ geometry: { geometry: box(6398000, 5806000, 6399000, 5807000) } });
  });

  it('WFS 1.0 LIKE spells the escape attribute "escape"', () => {
    expect(parseFesFilter(gdal11("<PropertyIsLike wildCard='*' singleChar='_' escape='!' matchCase='true'><PropertyName>numerDzialki</PropertyName><Literal>1!_*</Literal></PropertyIsLike>")))
      .toEqual({ op: 'like', expr: prop('numerDzialki'), pattern: '1\\_%', matchCase: true });
  });
});

describe('OWSLib 0.27 filters', () => {
  it('fes2 comparisons, LIKE with its defaults and matchCase="false", Between, And/Or/Not', () => {
    const xml = '<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:And>'
      + '<fes:PropertyIsLike wildCard="%" singleChar="_" escapeChar="\\" matchCase="false"><fes:ValueReference>egib:polozenie</fes:ValueReference><fes:Literal>%ul. 50\\%%</fes:Literal></fes:PropertyIsLike>'
      + '<fes:PropertyIsBetween><fes:ValueReference>poleEwidencyjne</fes:ValueReference><fes:LowerBoundary><fes:Literal>0.1</fes:Literal></fes:LowerBoundary>'
      + '<fes:UpperBoundary><fes:Literal>2</fes:Literal></fes:UpperBoundary></fes:PropertyIsBetween>'
      + '<fes:Not><fes:PropertyIsEqualTo matchCase="false"><fes:ValueReference>numerDzialki</fes:ValueReference><fes:Literal>1</fes:Literal></fes:PropertyIsEqualTo></fes:Not>'
      + '</fes:And></fes:Filter>';
    expect(parseFesFilter(xml)).toEqual({ op: 'and', args: [
      { op: 'like', expr: prop('polozenie'), pattern: '%ul. 50\\%%', matchCase: false },
      { op: 'between', expr: prop('poleEwidencyjne'), lower: lit('0.1'), upper: lit('2') },
      { op: 'not', arg: { op: 'compare', operator: '=', left: prop('numerDzialki'), right: lit('1'), matchCase: false } },
    ] });
  });

  it('fes2.BBox: ValueReference ows:BoundingBox and a GML 3.1.1 Envelope, maybe with srsName', () => {
    const xml = '<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml"><fes:BBOX><fes:ValueReference>ows:BoundingBox</fes:ValueReference>'
      + '<gml:Envelope srsName="urn:ogc:def:crs:EPSG::2177"><gml:lowerCorner>5806000 6398000</gml:lowerCorner><gml:upperCorner>5807000 6399000</gml:upperCorner></gml:Envelope></fes:BBOX></fes:Filter>';
    expect(parseFesFilter(xml)).toEqual({ op: 'spatial', relation: 'bbox', geometry: { kind: 'geometry', crs: 'EPSG:2177', geometry: box(6398000, 5806000, 6399000, 5807000) } });
  });

  it('postrequest set_bbox: empty ValueReference, fes:lowerCorner, no srsName', () => {
    const xml = '<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:BBOX><fes:ValueReference/><gml32:Envelope xmlns:gml32="http://www.opengis.net/gml/3.2">'
      + '<fes:lowerCorner>5806000 6398000</fes:lowerCorner><gml32:upperCorner>5807000 6399000</gml32:upperCorner></gml32:Envelope></fes:BBOX></fes:Filter>';
    expect(parseFesFilter(xml)).toEqual({ op: 'spatial', relation: 'bbox', geometry: { kind: 'geometry', crs: 'EPSG:2177', geometry: box(6398000, 5806000, 6399000, 5807000) } });
  });

  it('postrequest set_featureid: Or of PropertyIsEqualTo on "id" (the compiler treats it as ids)', () => {
    const xml = '<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:Or>'
      + '<fes:PropertyIsEqualTo><fes:ValueReference>id</fes:ValueReference><fes:Literal>dzialki.1</fes:Literal></fes:PropertyIsEqualTo>'
      + '<fes:PropertyIsEqualTo><fes:ValueReference>id</fes:ValueReference><fes:Literal>dzialki.2</fes:Literal></fes:PropertyIsEqualTo></fes:Or></fes:Filter>';
    expect(parseFesFilter(xml)).toMatchObject({ op: 'or', args: [{ left: prop('id'), right: lit('dzialki.1') }, { left: prop('id'), right: lit('dzialki.2') }] });
  });

  it('tolerates the fes: and gml: prefixes used without a declaration', () => {
    const xml = '<fes:Filter><fes:BBOX><fes:ValueReference>geom</fes:ValueReference><gml:Envelope><gml:lowerCorner>1 2</gml:lowerCorner><gml:upperCorner>3 4</gml:upperCorner></gml:Envelope></fes:BBOX></fes:Filter>';
    expect(parseFesFilter(xml)).toMatchObject({ op: 'spatial', property: 'geom', geometry: { geometry: box(2, 1, 4, 3) } });
  });
});

describe('FES 2.0 beyond what the clients send', () => {
  it('every comparison operator, PropertyIsNil, literal on the left', () => {
    const ops = { PropertyIsEqualTo: '=', PropertyIsNotEqualTo: '<>', PropertyIsLessThan: '<', PropertyIsGreaterThan: '>', PropertyIsLessThanOrEqualTo: '<=', PropertyIsGreaterThanOrEqualTo: '>=' };
    for (const [el, op] of Object.entries(ops)) {
      expect(parseFesFilter(fes(`<fes:${el}><fes:Literal>5</fes:Literal><fes:ValueReference>srednica</fes:ValueReference></fes:${el}>`)))
        .toEqual({ op: 'compare', operator: op, left: lit('5'), right: prop('srednica'), matchCase: true });
    }
    expect(parseFesFilter(fes('<fes:PropertyIsNil nilReason="missing"><fes:ValueReference>numerKW</fes:ValueReference></fes:PropertyIsNil>')))
      .toEqual({ op: 'isNil', expr: prop('numerKW') });
  });

  it('every spatial operator, geometry in a Literal, Beyond with uom, default geometry when no ValueReference', () => {
    const point = '<gml:Point srsName="http://www.opengis.net/def/crs/OGC/1.3/CRS84"><gml:pos>16.9 52.4</gml:pos></gml:Point>';
    for (const [el, rel] of Object.entries({ Intersects: 'intersects', Within: 'within', Contains: 'contains', Disjoint: 'disjoint', Equals: 'equals', Touches: 'touches', Crosses: 'crosses', Overlaps: 'overlaps' })) {
      expect(parseFesFilter(fes(`<fes:${el}><fes:ValueReference>geom</fes:ValueReference>${point}</fes:${el}>`)))
        .toEqual({ op: 'spatial', relation: rel, property: 'geom', geometry: { kind: 'geometry', crs: 'CRS:84', geometry: { type: 'Point', coordinates: [16.9, 52.4] } } });
    }
    expect(parseFesFilter(fes(`<fes:Intersects><fes:ValueReference>geom</fes:ValueReference><fes:Literal>${point}</fes:Literal></fes:Intersects>`)))
      .toMatchObject({ op: 'spatial', relation: 'intersects', geometry: { crs: 'CRS:84' } });
    expect(parseFesFilter(fes(`<fes:Beyond>${point}<fes:Distance uom="km">1.5</fes:Distance></fes:Beyond>`)))
      .toMatchObject({ op: 'distance', relation: 'beyond', distance: 1.5, units: 'km' });
    expect(parseFesFilter(fes('<fes:BBOX><gml:Envelope srsName="CRS:84"><gml:lowerCorner>16 52</gml:lowerCorner><gml:upperCorner>17 53</gml:upperCorner></gml:Envelope></fes:BBOX>')))
      .toEqual({ op: 'spatial', relation: 'bbox', geometry: { kind: 'geometry', crs: 'CRS:84', geometry: box(16, 52, 17, 53) } });
  });

  it('BBOX with a non-envelope geometry uses its bounding box', () => {
    expect(parseFesFilter(fes('<fes:BBOX><fes:ValueReference>geom</fes:ValueReference><gml:LineString srsName="CRS:84"><gml:posList>16 53 17 52 16.5 52.5</gml:posList></gml:LineString></fes:BBOX>')))
      .toMatchObject({ geometry: { geometry: box(16, 52, 17, 53) } });
  });

  it('uses the caller\'s default CRS for geometries without srsName', () => {
    expect(parseFesFilter(fes('<fes:BBOX><gml:Envelope><gml:lowerCorner>16 52</gml:lowerCorner><gml:upperCorner>17 53</gml:upperCorner></gml:Envelope></fes:BBOX>'), { defaultCrs: 'CRS:84' }))
      .toMatchObject({ geometry: { crs: 'CRS:84', geometry: box(16, 52, 17, 53) } });
  });

  it('parses a DOM element from a POSTed GetFeature', () => {
    const doc = parseXml('<wfs:GetFeature xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:fes="http://www.opengis.net/fes/2.0"><wfs:Query typeNames="egib:dzialki">'
      + '<fes:Filter><fes:ResourceId rid="dzialki.3"/></fes:Filter></wfs:Query></wfs:GetFeature>');
    const filter = doc.getElementsByTagNameNS('http://www.opengis.net/fes/2.0', 'Filter')[0]!;
    expect(parseFesFilter(filter)).toEqual({ op: 'resourceId', ids: ['dzialki.3'] });
  });

  it('accepts a bare operator as the FILTER value', () => {
    expect(parseFesFilter('<PropertyIsNull xmlns="http://www.opengis.net/fes/2.0"><ValueReference>numerKW</ValueReference></PropertyIsNull>'))
      .toEqual({ op: 'isNull', expr: prop('numerKW') });
  });

  it('nests up to 20 levels', () => {
    let body = '<fes:PropertyIsNull><fes:ValueReference>a</fes:ValueReference></fes:PropertyIsNull>';
    for (let i = 0; i < 19; i++) body = `<fes:Not>${body}</fes:Not>`;
    let f: Filter = parseFesFilter(fes(body));
    let depth = 1;
    while (f.op === 'not') { f = f.arg; depth++; }
    expect(depth).toBe(20);
  });
});

describe('property names', () => {
  it.each([
    ['numerDzialki', 'numerDzialki'],
    ['egib:numerDzialki', 'numerDzialki'],
    [' egib:numerDzialki ', 'numerDzialki'],
    ['egib:dzialki/egib:numerDzialki', 'numerDzialki'],
    ['/egib:dzialki/egib:numerDzialki', 'numerDzialki'],
    ['./numerDzialki', 'numerDzialki'],
    ['gml:name', 'gml:name'],
    ['egib:dzialki/gml:description', 'gml:description'],
    ['@gml:id', '@gml:id'],
    ['egib:dzialki/@gml:id', '@gml:id'],
  ])('%s → %s', (raw, expected) => {
    expect(normalisePropertyName(raw)).toBe(expected);
  });

  it('recognises GML by namespace whatever the prefix', () => {
    const el = parseXml('<a xmlns:g="http://www.opengis.net/gml/3.2">g:name</a>').documentElement!;
    expect(normalisePropertyName('g:name', el)).toBe('gml:name');
  });

  it.each(['egib:dzialki[1]/numerDzialki', 'child::numerDzialki', '*', '', 'a b', 'count(x)'])('refuses %j', (raw) => {
    expect(() => normalisePropertyName(raw)).toThrow(FilterError);
  });
});

describe('LIKE patterns', () => {
  it.each([
    ['*', '?', '\\', 'ab*c?', 'ab%c_'],
    ['*', '.', '!', '50%_off*', '50\\%\\_off%'],
    ['*', '.', '!', 'a!*b!.c!!d!x', 'a*b.c!dx'],
    ['%', '_', '\\', 'a\\%b\\_c\\\\d%', 'a\\%b\\_c\\\\d%'],
    ['#', '?', '/', 'back\\slash#', 'back\\\\slash%'],
  ])('wildCard %s singleChar %s escape %s: %s → %s', (w, s, e, source, expected) => {
    expect(translatePattern(source, w, s, e)).toBe(expected);
  });

  it('refuses a dangling escape', () => {
    expect(() => translatePattern('abc!', '*', '_', '!')).toThrow(/escape/);
  });
});

describe('client mistakes are FilterErrors naming the problem', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown element', fes('<fes:PropertyIsSimilarTo><fes:ValueReference>a</fes:ValueReference><fes:Literal>1</fes:Literal></fes:PropertyIsSimilarTo>'), /PropertyIsSimilarTo/],
    ['temporal operator', fes('<fes:After><fes:ValueReference>a</fes:ValueReference><fes:Literal>2020-01-01</fes:Literal></fes:After>'), /temporal operator fes:After/],
    ['function', fes('<fes:PropertyIsEqualTo><fes:Function name="strToUpper"><fes:ValueReference>a</fes:ValueReference></fes:Function><fes:Literal>A</fes:Literal></fes:PropertyIsEqualTo>'), /functions are not supported \(strToUpper\)/],
    ['arithmetic (FE 1.1)', gdal11('<PropertyIsEqualTo><Add><PropertyName>a</PropertyName><Literal>1</Literal></Add><Literal>2</Literal></PropertyIsEqualTo>'), /Arithmetic/],
    ['not well-formed', '<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:And></fes:Filter>', /not valid XML/],
    ['DOCTYPE (XXE)', '<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]><Filter xmlns="http://www.opengis.net/fes/2.0"><ResourceId rid="&x;"/></Filter>', /DOCTYPE/],
    ['billion laughs', '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><Filter>&lol2;</Filter>', /DOCTYPE/],
    ['empty text', '  ', /empty/],
    ['empty Filter', fes(''), /no condition/],
    ['two conditions', fes('<fes:PropertyIsNull><fes:ValueReference>a</fes:ValueReference></fes:PropertyIsNull><fes:PropertyIsNull><fes:ValueReference>b</fes:ValueReference></fes:PropertyIsNull>'), /combine/],
    ['And with one child', fes('<fes:And><fes:PropertyIsNull><fes:ValueReference>a</fes:ValueReference></fes:PropertyIsNull></fes:And>'), /at least two/],
    ['comparison with three operands', fes('<fes:PropertyIsEqualTo><fes:ValueReference>a</fes:ValueReference><fes:Literal>1</fes:Literal><fes:Literal>2</fes:Literal></fes:PropertyIsEqualTo>'), /exactly two operands/],
    ['LIKE without wildCard', fes('<fes:PropertyIsLike singleChar="_" escapeChar="!"><fes:ValueReference>a</fes:ValueReference><fes:Literal>x</fes:Literal></fes:PropertyIsLike>'), /wildCard/],
    ['LIKE with a property pattern', fes('<fes:PropertyIsLike wildCard="*" singleChar="_" escapeChar="!"><fes:ValueReference>a</fes:ValueReference><fes:ValueReference>b</fes:ValueReference></fes:PropertyIsLike>'), /must be a Literal/],
    ['bad matchCase', fes('<fes:PropertyIsEqualTo matchCase="maybe"><fes:ValueReference>a</fes:ValueReference><fes:Literal>1</fes:Literal></fes:PropertyIsEqualTo>'), /matchCase/],
    ['Between without UpperBoundary', fes('<fes:PropertyIsBetween><fes:ValueReference>a</fes:ValueReference><fes:LowerBoundary><fes:Literal>1</fes:Literal></fes:LowerBoundary></fes:PropertyIsBetween>'), /UpperBoundary/],
    ['ResourceId without rid', fes('<fes:ResourceId/>'), /needs an identifier/],
    ['DWithin without Distance', fes('<fes:DWithin><fes:ValueReference>geom</fes:ValueReference><gml:Point><gml:pos>1 2</gml:pos></gml:Point></fes:DWithin>'), /needs a Distance/],
    ['Distance without unit', fes('<fes:DWithin><gml:Point><gml:pos>1 2</gml:pos></gml:Point><fes:Distance>5</fes:Distance></fes:DWithin>'), /unit of measure/],
    ['negative Distance', fes('<fes:DWithin><gml:Point><gml:pos>1 2</gml:pos></gml:Point><fes:Distance uom="m">-5</fes:Distance></fes:DWithin>'), /non-negative/],
    ['spatial without geometry', fes('<fes:Intersects><fes:ValueReference>geom</fes:ValueReference></fes:Intersects>'), /needs a geometry/],
    ['spatial join', fes('<fes:Intersects><fes:ValueReference>geom</fes:ValueReference><fes:ValueReference>other</fes:ValueReference></fes:Intersects>'), /two properties/],
    ['unknown CRS', fes('<fes:BBOX><gml:Envelope srsName="EPSG:999999"><gml:lowerCorner>1 2</gml:lowerCorner><gml:upperCorner>3 4</gml:upperCorner></gml:Envelope></fes:BBOX>'), /EPSG:999999/],
    ['geometry as an operator', fes('<gml:Point><gml:pos>1 2</gml:pos></gml:Point>'), /not a filter operator/],
    ['XML in a comparison Literal', fes('<fes:PropertyIsEqualTo><fes:ValueReference>a</fes:ValueReference><fes:Literal><b>1</b></fes:Literal></fes:PropertyIsEqualTo>'), /holding XML/],
  ];
  for (const [name, xml, message] of cases) {
    it(name, () => {
      let error: unknown;
      try { parseFesFilter(xml); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(FilterError);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('limits nesting to 20 levels', () => {
    let body = '<fes:PropertyIsNull><fes:ValueReference>a</fes:ValueReference></fes:PropertyIsNull>';
    for (let i = 0; i < 20; i++) body = `<fes:Not>${body}</fes:Not>`;
    expect(() => parseFesFilter(fes(body))).toThrow(/nested too deeply/);
    let deep = 'x';
    for (let i = 0; i < 5000; i++) deep = `<fes:Not>${deep}</fes:Not>`;
    expect(() => parseFesFilter(fes(deep))).toThrow(/nested too deeply/);
  });

  it('limits a filter to 500 elements', () => {
    const one = '<fes:PropertyIsEqualTo><fes:ValueReference>a</fes:ValueReference><fes:Literal>1</fes:Literal></fes:PropertyIsEqualTo>';
    expect(() => parseFesFilter(fes(`<fes:Or>${one.repeat(200)}</fes:Or>`))).toThrow(/too large/);
    expect(parseFesFilter(fes(`<fes:Or>${one.repeat(150)}</fes:Or>`))).toMatchObject({ op: 'or' });
  });

  it('limits the size of the FILTER text', () => {
    const one = '<fes:ResourceId rid="dzialki.1"/>';
    expect(() => parseFesFilter(fes(one.repeat(40)), { maxBytes: 1000 })).toThrow(/larger than the limit/);
  });
});

describe('parseXml (shared by the service)', () => {
  it('refuses DTDs, oversized and broken XML with XmlInputError, quietly', async () => {
    const { XmlInputError } = await import('../../server/xml/parse.ts');
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args); };
    try {
      for (const [xml, message] of [
        ['<!DOCTYPE a SYSTEM "http://example.com/a.dtd"><a/>', /document type declaration/],
        ['<a><!ENTITY x "y"></a>', /document type declaration/],
        [`<a>${'x'.repeat(2000)}</a>`, /larger than the limit of 1000 bytes/],
        ['<a><b></a>', /not well-formed: Opening and ending tag mismatch.*line 1/],
        ['<a b=1/>', /not well-formed/],
        ['<a>&nbsp;</a>', /not well-formed: entity not found/],
        ['<x:a/>', /prefix is used without being declared/],
        ['<a/><b/>', /more than one root element/],
        ['', /not well-formed/],
      ] as const) {
        expect(() => parseXml(xml, 1000)).toThrow(XmlInputError);
        expect(() => parseXml(xml, 1000)).toThrow(message);
      }
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([]);
  });

  it('counts bytes, not characters', () => {
    expect(() => parseXml(`<a>${'ą'.repeat(600)}</a>`, 1000)).toThrow(/larger than the limit/);
  });

  it('assumes the OGC prefixes a client forgot to declare, but a declaration wins', async () => {
    const { attributeOf } = await import('../../server/xml/parse.ts');
    expect(parseXml('<wfs:GetFeature><fes:Filter/></wfs:GetFeature>').documentElement!.namespaceURI).toBe('http://www.opengis.net/wfs/2.0');
    expect(parseXml('<wfs:GetFeature xmlns:wfs="http://www.opengis.net/wfs"/>').documentElement!.namespaceURI).toBe('http://www.opengis.net/wfs');
    const el = parseXml('<a id="plain" xmlns:gml="http://www.opengis.net/gml/3.2" gml:other="g"/>').documentElement!;
    expect(attributeOf(el, 'id')).toBe('plain');
    expect(attributeOf(el, 'other', ['http://www.opengis.net/gml/3.2'])).toBe('g');
    expect(attributeOf(el, 'other', ['http://www.opengis.net/gml'])).toBeUndefined();
  });
});
