// Validation of the service's XML with xmllint against the official OGC schemas in ../shared/ogc-schemas,
// offline through its XML catalogue.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SCHEMAS = path.resolve(import.meta.dirname, '../../../shared/ogc-schemas');

let prepared: string | undefined;

/**
 * A working copy of the schemas: the Filter Encoding 1.1 schema includes itself through filterAll.xsd, which
 * libxml2 refuses ("BinaryLogicOpType does already exist"); the copy drops that self-include.
 */
function schemasDir(): string {
  if (prepared) return prepared;
  if (!existsSync(path.join(SCHEMAS, 'catalog.xml'))) throw new Error(`OGC schemas not found at ${SCHEMAS}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'ogc-schemas-'));
  cpSync(SCHEMAS, dir, { recursive: true });
  const filterAll = path.join(dir, 'filter/1.1.0/filterAll.xsd');
  writeFileSync(filterAll, readFileSync(filterAll, 'utf8').replace(/<xsd:include schemaLocation="filter\.xsd"\s*\/>/, ''));
  prepared = dir;
  return dir;
}

export interface Validation { valid: boolean; output: string }

/** Validates a document against a schema file (absolute, or relative to the schemas folder). */
export function validateXml(xml: string, schema: string): Validation {
  const dir = schemasDir();
  const work = mkdtempSync(path.join(tmpdir(), 'xmlv-'));
  const doc = path.join(work, 'doc.xml');
  writeFileSync(doc, xml);
  const schemaPath = path.isAbsolute(schema) ? schema : path.join(dir, schema);
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schemaPath, doc], {
    env: { ...process.env, XML_CATALOG_FILES: path.join(dir, 'catalog.xml') }, encoding: 'utf8',
  });
  // xmllint says "<file> validates" on stderr and exits 0 only for a valid document.
  return { valid: r.status === 0, output: `${r.stderr ?? ''}${r.stdout ?? ''}` };
}

/**
 * Validates a wfs:FeatureCollection (or any document using feature types) against wfs.xsd plus the service's own
 * DescribeFeatureType schema, through a small wrapper schema that imports both.
 */
export function validateWithApplicationSchema(xml: string, appSchema: string, appNamespace: string, wfsVersion: '2.0' | '1.1.0' = '2.0'): Validation {
  return validateWithApplicationSchemas(xml, [[appSchema, appNamespace]], wfsVersion);
}

/** The same with several application schemas (a collection spanning namespaces): [schema text, namespace] pairs. */
export function validateWithApplicationSchemas(xml: string, appSchemas: readonly (readonly [string, string])[], wfsVersion: '2.0' | '1.1.0' = '2.0'): Validation {
  const work = mkdtempSync(path.join(tmpdir(), 'xsdw-'));
  const imports = appSchemas.map(([schema, ns], i) => {
    const app = path.join(work, `app${i}.xsd`);
    writeFileSync(app, schema);
    return `  <xs:import namespace="${ns}" schemaLocation="file://${app}"/>`;
  });
  const wfsNs = wfsVersion === '2.0' ? 'http://www.opengis.net/wfs/2.0' : 'http://www.opengis.net/wfs';
  const wrapper = path.join(work, 'wrapper.xsd');
  writeFileSync(wrapper, `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:wrapper">
  <xs:import namespace="${wfsNs}" schemaLocation="http://schemas.opengis.net/wfs/${wfsVersion}/wfs.xsd"/>
${imports.join('\n')}
</xs:schema>`);
  return validateXml(xml, wrapper);
}
