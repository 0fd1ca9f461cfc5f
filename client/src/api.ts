// The service's JSON endpoints the portals use. Types come from the server's own modules (type-only imports),
// so the client and the server cannot drift apart.
import type { ClientLayer } from '../../server/services/catalogue/router.ts';
import type { SearchHit } from '../../server/query/search.ts';
import type { PortalTool, SearchKind } from '../../server/catalog/portals.ts';
import type { FormatDescription } from '../../server/formats/registry.ts';
import type { JobJson, JobStatus } from '../../server/services/downloads/jobs.ts';
import type { Text } from './ui/i18n.ts';
import type { Feature } from 'geojson';

export type { ClientLayer, SearchHit, PortalTool, SearchKind, FormatDescription, JobJson, JobStatus };

export interface PortalSummary { id: string; title: Text; audience: Text; description: Text; accent: string; href: string }

export interface PortalConfig extends PortalSummary {
  tools: PortalTool[];
  search: SearchKind[];
  sheetScale: number;
  startScale?: number;
  role: string;
  defaultLayers: string[];
  layers: ClientLayer[];
  /** The terrain models an extract may crop (id and title). */
  terrainModels: { id: string; title: Text }[];
  extent?: [number, number, number, number];
  style: string;
  wms: string;
}

export class ApiError extends Error {
  /** The JSON problem's members (RFC 9457 extensions such as maxAreaKm2), for a message in the page's language. */
  constructor(readonly status: number, message: string, readonly problem: Record<string, unknown> = {}) { super(message); }
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', ...init });
  if (!res.ok) {
    let detail = res.statusText;
    let problem: Record<string, unknown> = {};
    try { const p = await res.json() as { detail?: string; title?: string }; problem = p; detail = p.detail ?? p.title ?? detail; } catch { /* not JSON */ }
    throw new ApiError(res.status, detail, problem);
  }
  return res.json() as Promise<T>;
}

export const api = {
  portals: () => getJson<{ portals: PortalSummary[] }>('/api/portals'),
  formats: () => getJson<{ formats: FormatDescription[] }>('/api/formats'),
  portal: (id: string) => getJson<PortalConfig>(`/api/portals/${encodeURIComponent(id)}`),
  search: (q: string, kinds: readonly string[]) =>
    getJson<{ results: SearchHit[] }>(`/api/search?${new URLSearchParams({ q, kinds: kinds.join(','), limit: '10' })}`),
  // The info panel's view of a search hit (not the OGC API items: those are downloads, under the download terms).
  feature: (collection: string, id: string) =>
    getJson<Feature>(`/api/search/feature/${encodeURIComponent(collection)}/${encodeURIComponent(id)}`),
  session: () => getJson<{ user: { id: number; login: string; role: string } | null; csrfToken?: string }>('/api/session'),
};
