// XML limits over the whole document (issue 14): depth, elements and comment-like nodes are counted by a pre-scan
// before any DOM is built, and a document over them is refused with a clear XmlInputError (an OWS error upstream).
import { describe, expect, it } from 'vitest';
import { checkXmlShape, parseXml, XML_LIMITS, XmlInputError } from '../../server/xml/parse.ts';

describe('XML shape limits', () => {
  it('refuses the issue\'s 100,000 nested elements (700 kB) as too deep', () => {
    expect(() => parseXml('<a>'.repeat(100_000) + '</a>'.repeat(100_000))).toThrow(new XmlInputError(`The XML document is nested deeper than ${XML_LIMITS.maxDepth} levels`));
  });
  it('counts depth exactly, self-closing elements and closing tags included', () => {
    const nest = (n: number) => '<a>'.repeat(n) + '<b/>' + '</a>'.repeat(n);
    expect(() => checkXmlShape(nest(XML_LIMITS.maxDepth))).not.toThrow();
    expect(() => checkXmlShape(nest(XML_LIMITS.maxDepth + 1))).toThrow(/deeper/);
    // Siblings do not add depth.
    expect(() => checkXmlShape('<r>' + '<a></a>'.repeat(5000) + '</r>')).not.toThrow();
  });
  it('refuses more elements than the limit, flat or not', () => {
    expect(() => checkXmlShape('<r>' + '<a/>'.repeat(XML_LIMITS.maxElements - 1) + '</r>')).not.toThrow();
    expect(() => checkXmlShape('<r>' + '<a/>'.repeat(XML_LIMITS.maxElements) + '</r>')).toThrow(/more than 10000 elements/);
  });
  it('does not count markup inside attribute values, comments or CDATA', () => {
    const deep = '<a>'.repeat(200);
    expect(() => checkXmlShape(`<r x="${deep.replace(/</g, '&lt;')}" y='${'>'.repeat(10)}'><!-- ${deep} --><![CDATA[${deep}]]></r>`)).not.toThrow();
    expect(() => checkXmlShape(`<r a="'" b='"'>${'<c q="&gt;" w=\'<\'/>'.repeat(10)}</r>`)).not.toThrow();
  });
  it('refuses too many comments and processing instructions', () => {
    expect(() => checkXmlShape('<r>' + '<!-- c -->'.repeat(XML_LIMITS.maxOtherNodes + 1) + '</r>')).toThrow(/comments/);
  });
  it('still parses an honest GetFeature with a filter and a geometry', () => {
    const doc = parseXml('<wfs:GetFeature xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" service="WFS" version="2.0.0"><wfs:Query typeNames="egib:dzialki"><fes:Filter><fes:Intersects><fes:ValueReference>geom</fes:ValueReference><gml:Polygon srsName="urn:ogc:def:crs:EPSG::2177"><gml:exterior><gml:LinearRing><gml:posList>1 2 3 4 5 6 1 2</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></fes:Intersects></fes:Filter></wfs:Query></wfs:GetFeature>');
    expect(doc.documentElement!.localName).toBe('GetFeature');
  });
});
