// DescribeFeatureType: a GML application schema (XSD) of the requested layers, for GML 3.2 or 3.1.1.
import xmlbuilder from 'xmlbuilder';
import type { GeometryType, Layer, ValueType } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import { visibleAttributes } from '../../catalog/catalog.ts';
import { layerNamespaceUri, NS, SCHEMA_LOCATIONS } from '../../formats/namespaces.ts';
import { OwsException } from '../../errors/service-error.ts';

const XSD_TYPE: Record<ValueType, string> = {
  string: 'xs:string', integer: 'xs:int', number: 'xs:double', boolean: 'xs:boolean', date: 'xs:date', dateTime: 'xs:dateTime',
};

const GEOMETRY_PROPERTY_TYPE: Record<GeometryType, string> = {
  Point: 'gml:PointPropertyType', LineString: 'gml:CurvePropertyType', Polygon: 'gml:SurfacePropertyType',
  MultiPoint: 'gml:MultiPointPropertyType', MultiLineString: 'gml:MultiCurvePropertyType', MultiPolygon: 'gml:MultiSurfacePropertyType',
};

/** Writes the schema of layers that share one namespace (an XSD has one target namespace). */
export function describeFeatureTypes(layers: readonly Layer[], role: Role, gml32: boolean): string {
  const namespaces = [...new Set(layers.map((l) => l.namespace))];
  if (namespaces.length !== 1) {
    throw new OwsException('InvalidParameterValue', 'Describe the types of one namespace (egib, gesut or sip) per request', 'typeNames');
  }
  const ns = namespaces[0]!;
  const doc = xmlbuilder.create('xs:schema', { version: '1.0', encoding: 'UTF-8' });
  doc.att({
    'xmlns:xs': NS.xs, 'xmlns:gml': gml32 ? NS.gml32 : NS.gml31, [`xmlns:${ns}`]: layerNamespaceUri(ns),
    targetNamespace: layerNamespaceUri(ns), elementFormDefault: 'qualified', version: '1.0',
  });
  doc.ele('xs:import', { namespace: gml32 ? NS.gml32 : NS.gml31, schemaLocation: gml32 ? SCHEMA_LOCATIONS.gml32 : SCHEMA_LOCATIONS.gml31 });
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
    seq.ele('xs:element', { name: layer.geometry.column, type: GEOMETRY_PROPERTY_TYPE[layer.geometry.type], minOccurs: '0', maxOccurs: '1' });
  }
  return doc.end({ pretty: true });
}
