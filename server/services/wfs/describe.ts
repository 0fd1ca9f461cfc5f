// DescribeFeatureType: a GML application schema (XSD) of the requested layers, for GML 3.2 or 3.1.1 — one
// namespace per schema document; layers of several namespaces get a wrapper schema importing each namespace's
// document (as GeoServer answers), so that a GetFeature spanning namespaces has one schema to point at.
import xmlbuilder from 'xmlbuilder';
import type { GeometryType, Layer, ValueType } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import { visibleAttributes } from '../../catalog/catalog.ts';
import { layerNamespaceUri, NS, SCHEMA_LOCATIONS } from '../../formats/namespaces.ts';
import { OwsException } from '../../errors/service-error.ts';

const XSD_TYPE: Record<ValueType, string> = {
  string: 'xs:string', integer: 'xs:int', number: 'xs:double', boolean: 'xs:boolean', date: 'xs:date', dateTime: 'xs:dateTime',
};

/**
 * The geometry property type of each stored geometry type, named <Type>PropertyType as GDAL and QGIS map it back
 * (GDAL's GML schema reader maps gml:CurvePropertyType to COMPOUNDCURVE, SurfacePropertyType to CURVEPOLYGON and
 * MultiSurfacePropertyType to MULTISURFACE; both clients take LineStringPropertyType, PolygonPropertyType,
 * MultiLineStringPropertyType and MultiPolygonPropertyType as the simple types). GML defines some of these names
 * (`gml`: use GML's own type); the others are declared in the layer's namespace as a restriction of GML's
 * property type to the one element this service writes (`base`, `element`), which is what it stores.
 */
interface PropertyTypeOf { name: string; gml: boolean; base: string; element: string }
function propertyType(type: GeometryType, gml32: boolean): PropertyTypeOf {
  const t = (gml: boolean, base: string, element: string): PropertyTypeOf => ({ name: `${type}PropertyType`, gml, base, element });
  switch (type) {
    case 'Point': return t(true, 'gml:PointPropertyType', 'gml:Point');
    case 'MultiPoint': return t(true, 'gml:MultiPointPropertyType', 'gml:MultiPoint');
    // GML 3.1.1 still has LineString/PolygonPropertyType (deprecated); GML 3.2.1 dropped them.
    case 'LineString': return t(!gml32, 'gml:CurvePropertyType', 'gml:LineString');
    case 'Polygon': return t(!gml32, 'gml:SurfacePropertyType', 'gml:Polygon');
    // The writer encodes multi-lines and multi-polygons as gml:MultiCurve / gml:MultiSurface (valid in 3.1.1 and 3.2).
    case 'MultiLineString': return t(false, 'gml:MultiCurvePropertyType', 'gml:MultiCurve');
    case 'MultiPolygon': return t(false, 'gml:MultiSurfacePropertyType', 'gml:MultiSurface');
  }
}

/** The XSD of layers that share one namespace (an XSD has one target namespace). */
export function describeNamespace(layers: readonly Layer[], role: Role, gml32: boolean): string {
  const ns = layers[0]!.namespace;
  const nsUri = layerNamespaceUri(ns);
  const gmlNs = gml32 ? NS.gml32 : NS.gml31;
  const doc = xmlbuilder.create('xs:schema', { version: '1.0', encoding: 'UTF-8' });
  doc.att({
    'xmlns:xs': NS.xs, 'xmlns:gml': gmlNs, [`xmlns:${ns}`]: nsUri,
    targetNamespace: nsUri, elementFormDefault: 'qualified', version: '1.0',
  });
  doc.ele('xs:import', { namespace: gmlNs, schemaLocation: gml32 ? SCHEMA_LOCATIONS.gml32 : SCHEMA_LOCATIONS.gml31 });
  const ownTypes = new Map<string, PropertyTypeOf>();
  for (const layer of layers) {
    const type = `${layer.name}Type`;
    doc.ele('xs:element', { name: layer.name, type: `${ns}:${type}`, substitutionGroup: gml32 ? 'gml:AbstractFeature' : 'gml:_Feature' });
    const seq = doc.ele('xs:complexType', { name: type })
      .ele('xs:complexContent').ele('xs:extension', { base: 'gml:AbstractFeatureType' }).ele('xs:sequence');
    for (const a of visibleAttributes(layer, role)) {
      // minOccurs 0 for all: PROPERTYNAME may leave any property out and the response must still validate.
      const el = seq.ele('xs:element', { name: a.name, type: XSD_TYPE[a.type], minOccurs: '0', maxOccurs: '1' });
      if (a.nullable) el.att('nillable', 'true');
      if (a.description) el.ele('xs:annotation').ele('xs:documentation', a.description);
    }
    const pt = propertyType(layer.geometry.type, gml32);
    const geom = seq.ele('xs:element', { name: layer.geometry.column, type: `gml:${pt.name}`, minOccurs: '0', maxOccurs: '1' });
    if (!pt.gml) {
      // The type is this namespace's: the reference says gml:… for QGIS, which only recognises geometry
      // properties by a "gml:" prefix, so the prefix is bound to this namespace on this one element.
      geom.att('xmlns:gml', nsUri);
      ownTypes.set(pt.name, pt);
    }
  }
  for (const pt of ownTypes.values()) {
    doc.ele('xs:complexType', { name: pt.name })
      .ele('xs:annotation').ele('xs:documentation', `A ${pt.base} holding exactly one ${pt.element}: the geometry type stored.`).up().up()
      .ele('xs:complexContent').ele('xs:restriction', { base: pt.base })
      .ele('xs:sequence').ele('xs:element', { ref: pt.element });
  }
  return doc.end({ pretty: true });
}

/**
 * The schema of any set of layers: the namespace's own document when they share one, else a wrapper without a
 * target namespace importing each namespace's DescribeFeatureType (`describeUrl(typeNames)` gives its URL).
 */
export function describeFeatureTypes(layers: readonly Layer[], role: Role, gml32: boolean, describeUrl: (typeNames: string[]) => string): string {
  const namespaces = [...new Set(layers.map((l) => l.namespace))];
  if (namespaces.length === 1) return describeNamespace(layers, role, gml32);
  const doc = xmlbuilder.create('xs:schema', { version: '1.0', encoding: 'UTF-8' });
  doc.att({ 'xmlns:xs': NS.xs, elementFormDefault: 'qualified', version: '1.0' });
  for (const ns of namespaces) {
    doc.ele('xs:import', { namespace: layerNamespaceUri(ns), schemaLocation: describeUrl(layers.filter((l) => l.namespace === ns).map((l) => l.typeName)) });
  }
  return doc.end({ pretty: true });
}
