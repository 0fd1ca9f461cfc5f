// A designer's request for coordination as it arrives (pure, no I/O): one JSON body with the investment's
// description, the investor and the designer, the designed networks — a GeoJSON FeatureCollection (`design`) or the
// text of an ASCII DXF with one layer per branch (`designDxf`) — in EPSG:2177, the design map (`mapPdf`, the PDF's
// bytes in base64), and optionally the operators to invite (`parties`, their ids from GET
// /api/coordination/operators). The design may also come as GML (`designGml`, gml.ts). Everything a client can get wrong is a 400 problem naming the member at fault; the
// design itself is read by design.ts / dxf.ts (CRS, branches, limits).
import { HttpProblem } from '../errors/service-error.ts';
import { parseDesignGeoJson, type DesignFeature } from './design.ts';
import { parseDesignDxf } from './dxf.ts';
import { gmlToDesignGeoJson } from './gml.ts';
import type { Branza } from './branches.ts';
import type { CheckResult } from './check.ts';
import { FUNKCJE, type DesignFormat, type StoredDesignFeature } from './case-store.ts';
import { lineDepth } from './depth.ts';

export interface Submission {
  investor: string;
  designer: string;
  description: string;
  format: DesignFormat;
  features: DesignFeature[];
  /** The GESUT function of each feature (properties.funkcja of a GeoJSON feature; rozdzielczy otherwise). */
  funkcje: string[];
  mapPdf: Buffer;
  /** The operators the designer invites; undefined = the service picks them by branch. */
  parties: number[] | undefined;
}

/** The largest design map accepted (bytes of the PDF). */
export const MAX_MAP_PDF_BYTES = 20 * 1024 * 1024;

const bad = (detail: string, parameter: string) => new HttpProblem(400, 'Bad Request', detail, { parameter });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(body: Record<string, unknown>, name: string, max: number): string {
  const v = body[name];
  if (typeof v !== 'string' || v.trim().length === 0) throw bad(`${name} is required (a text)`, name);
  if (v.length > max) throw bad(`${name} must be at most ${max} characters`, name);
  return v.trim();
}

/** The PDF's bytes from base64 (a data: URL prefix allowed): it must start with the PDF header. */
export function pdfFromBase64(value: unknown, name: string): Buffer {
  if (typeof value !== 'string' || value.length === 0) throw bad(`${name} is required: the PDF's bytes in base64`, name);
  const b64 = value.replace(/^data:application\/pdf;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw bad(`${name} is not base64`, name);
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length > MAX_MAP_PDF_BYTES) throw new HttpProblem(413, 'Payload Too Large', `${name} is larger than ${MAX_MAP_PDF_BYTES / 1024 / 1024} MB`, { parameter: name });
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw bad(`${name} is not a PDF (it does not start with %PDF-)`, name);
  return bytes;
}

export function parseSubmission(body: unknown): Submission {
  if (!isObject(body)) throw bad('The body must be a JSON object', '');
  const investor = text(body, 'investor', 300);
  const designer = text(body, 'designer', 300);
  const description = text(body, 'description', 2000);
  let format: DesignFormat;
  let features: DesignFeature[];
  let funkcje: string[];
  if ([body.design, body.designDxf, body.designGml].filter((d) => d !== undefined).length > 1) {
    throw bad('Send the design once: design (GeoJSON), designDxf (DXF text) or designGml (GML text)', 'design');
  }
  if (body.designDxf !== undefined) {
    if (typeof body.designDxf !== 'string' || body.designDxf.trim() === '') throw bad('designDxf is empty: the text of an ASCII DXF with one layer per branch', 'designDxf');
    format = 'dxf';
    features = parseDesignDxf(body.designDxf);
    funkcje = features.map(() => 'rozdzielczy');
  } else if (body.design !== undefined || body.designGml !== undefined) {
    let geojson = body.design;
    format = 'geojson';
    if (body.designGml !== undefined) {
      if (typeof body.designGml !== 'string' || body.designGml.trim() === '') throw bad('designGml is empty: the text of a GML document of the designed lines', 'designGml');
      format = 'gml';
      geojson = gmlToDesignGeoJson(body.designGml);
    }
    features = parseDesignGeoJson(geojson);
    const raw = (geojson as { features: unknown[] }).features;
    funkcje = features.map((f) => {
      const p = (raw[f.index] as { properties?: Record<string, unknown> }).properties;
      const v = isObject(p) ? p.funkcja : undefined;
      if (v === undefined || v === null || v === '') return 'rozdzielczy';
      if (typeof v !== 'string' || !(FUNKCJE as readonly string[]).includes(v)) throw bad(`funkcja must be one of ${FUNKCJE.join(', ')}`, `/design/features/${f.index}/properties/funkcja`);
      return v;
    });
  } else {
    throw bad('The designed networks are missing: design (a GeoJSON FeatureCollection in EPSG:2177), designDxf (ASCII DXF, one layer per branch) or designGml (GML)', 'design');
  }
  const mapPdf = pdfFromBase64(body.mapPdf, 'mapPdf');
  let parties: number[] | undefined;
  if (body.parties !== undefined) {
    if (!Array.isArray(body.parties) || body.parties.length === 0 || body.parties.length > 50 || !body.parties.every((p) => Number.isInteger(p) && (p as number) > 0)) {
      throw bad('parties must be a list of operator ids (GET /api/coordination/operators)', 'parties');
    }
    parties = [...new Set(body.parties as number[])];
  }
  return { investor, designer, description, format, features, funkcje, mapPdf, parties };
}

/**
 * The operators to invite: the designer's choice, or else every operator of a designed branch or of a branch the
 * check found a conflict with. Every designed branch must have an operator among them (it will own the lines).
 */
export function chooseParties(
  operators: readonly { id: number; name: string; branze: readonly Branza[] }[], chosen: number[] | undefined,
  designBranches: readonly Branza[], conflictBranches: readonly Branza[],
): number[] {
  let ids: number[];
  if (chosen) {
    const unknown = chosen.filter((id) => !operators.some((o) => o.id === id));
    if (unknown.length) throw bad(`No operator with id ${unknown.join(', ')} (GET /api/coordination/operators)`, 'parties');
    ids = chosen;
  } else {
    const wanted = new Set([...designBranches, ...conflictBranches]);
    ids = operators.filter((o) => o.branze.some((b) => wanted.has(b))).map((o) => o.id);
  }
  for (const b of new Set(designBranches)) {
    if (!operators.some((o) => ids.includes(o.id) && o.branze.includes(b))) {
      throw bad(`No invited operator runs the designed branch ${b}: invite one (GET /api/coordination/operators)`, 'parties');
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/** The design as the case keeps it: GeoJSON features with branch, diameter, function, label, length and depth (m, null unknown). */
export function storedDesign(s: Pick<Submission, 'features' | 'funkcje'>, report: CheckResult): StoredDesignFeature[] {
  return s.features.map((f, i) => ({
    type: 'Feature',
    geometry: f.parts.length === 1 ? { type: 'LineString', coordinates: f.parts[0] } : { type: 'MultiLineString', coordinates: f.parts },
    properties: {
      index: f.index, branza: f.branza, srednica: f.srednica, funkcja: s.funkcje[i]!, ...(f.label ? { label: f.label } : {}),
      lengthM: report.design[i]?.lengthM ?? 0, glebokosc: lineDepth(f.depths ?? {}),
    },
  }));
}
