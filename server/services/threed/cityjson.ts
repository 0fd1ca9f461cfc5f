// GET /3d/cityjson?bbox=minx,miny,maxx,maxy (EPSG:2177): the existing and planned buildings of an area as
// CityJSON 2.0, heights in PL-EVRF2007-NH.
import type { Role } from '../../catalog/roles.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { cityJson, VERTICAL_REFERENCE_SYSTEM, type CityJsonBuilding } from '../../threed/cityjson.ts';
import { existingShape, plannedShape } from '../../threed/models.ts';
import type { ThreedContent } from './content.ts';
import type { Box } from './data.ts';
import { SERVICE_METADATA } from '../ows/service-metadata.ts';

/** The largest area of one download, square metres (4 km²: the sample district). */
export const MAX_CITYJSON_AREA = 4_000_000;

export function parseBbox(value: unknown): Box {
  if (typeof value !== 'string') throw new HttpProblem(400, 'Bad Request', 'bbox=minx,miny,maxx,maxy (EPSG:2177) is required, once', { parameter: 'bbox' });
  const parts = value.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || !parts.every(Number.isFinite) || parts[0]! >= parts[2]! || parts[1]! >= parts[3]!) {
    throw new HttpProblem(400, 'Bad Request', `bbox must be minx,miny,maxx,maxy in EPSG:2177 with min < max, got "${value}"`, { parameter: 'bbox' });
  }
  const b = parts as Box;
  if (b[0] < 5_000_000 || b[2] > 8_000_000 || b[1] < 5_000_000 || b[3] > 6_200_000) {
    throw new HttpProblem(400, 'Bad Request', 'bbox is outside PL-2000 zone 6 (easting, northing in metres)', { parameter: 'bbox' });
  }
  if ((b[2] - b[0]) * (b[3] - b[1]) > MAX_CITYJSON_AREA) {
    throw new HttpProblem(400, 'Bad Request', `bbox covers more than ${MAX_CITYJSON_AREA / 1e6} km²; ask for a smaller area`, { parameter: 'bbox' });
  }
  return b;
}

export async function cityJsonOfArea(content: ThreedContent, role: Role, bbox: Box, base: string): Promise<Record<string, unknown>> {
  const [existing, planned] = await Promise.all([
    content.data.buildings(role, bbox, true),
    content.data.planned(role, { box: bbox, assignByPoint: true }),
  ]);
  const buildings: CityJsonBuilding[] = [
    ...existing.map((b): CityJsonBuilding => ({
      id: String(b.attributes.idBudynku ?? `budynek-${b.key}`), shape: existingShape(b, 0), lod: b.lod === 1 ? '1.2' : '2.2',
      attributes: { ...b.attributes, ukladWysokosci: 'PL-EVRF2007-NH', ukladWysokosciUrl: VERTICAL_REFERENCE_SYSTEM },
    })),
    ...planned.map((p): CityJsonBuilding => ({
      id: `projektowany-${p.key}`, shape: plannedShape(p, 0), lod: '2.2',
      attributes: { ...p.attributes, projektowany: true, ukladWysokosci: 'PL-EVRF2007-NH', ukladWysokosciUrl: VERTICAL_REFERENCE_SYSTEM },
    })),
  ];
  return cityJson(buildings, {
    title: `SIP Poznań – budynki 3D, EPSG:2177, wysokości PL-EVRF2007-NH (EPSG:9651); bbox ${bbox.join(',')}`,
    identifier: `${base}/3d/cityjson?bbox=${bbox.join(',')}`,
    referenceDate: new Date().toISOString().slice(0, 10),
    contactName: `${SERVICE_METADATA.provider.name}, ${SERVICE_METADATA.provider.contactName}`,
    emailAddress: SERVICE_METADATA.provider.email,
    website: SERVICE_METADATA.provider.site,
  });
}
