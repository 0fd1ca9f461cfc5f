// Permalinks: the view and the visible layers live in the URL's fragment (#map=zoom/lat/lng[/bearing]&layers=…),
// so a copied link restores what the user saw; an open case adds sprawa=<id> (server/cases/links.ts), so the link
// opens that case's panel too.
import { caseOfFragment, CASE_PARAM } from '../../../server/cases/links.ts';

export interface View { zoom: number; lat: number; lng: number; bearing: number }
export interface Permalink { view?: View; layers?: string[]; sprawa?: string }

export function parsePermalink(hash: string): Permalink {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const out: Permalink = {};
  const m = params.get('map')?.split('/').map(Number);
  if (m && m.length >= 3 && m.slice(0, 3).every(Number.isFinite)) {
    out.view = { zoom: m[0]!, lat: m[1]!, lng: m[2]!, bearing: Number.isFinite(m[3]) ? m[3]! : 0 };
  }
  const layers = params.get('layers');
  if (layers !== null) out.layers = layers ? layers.split(',') : [];
  const sprawa = caseOfFragment(hash);
  if (sprawa) out.sprawa = sprawa;
  return out;
}

export function formatPermalink(p: Required<Omit<Permalink, 'sprawa'>> & Pick<Permalink, 'sprawa'>): string {
  const v = p.view;
  const parts = [v.zoom.toFixed(2), v.lat.toFixed(6), v.lng.toFixed(6)];
  if (Math.abs(v.bearing) > 0.01) parts.push(v.bearing.toFixed(1));
  // Keep ':' and ',' readable: they are legal in a fragment.
  const sprawa = p.sprawa ? `&${CASE_PARAM}=${p.sprawa}` : '';
  return `#map=${parts.join('/')}&layers=${p.layers.map(encodeURIComponent).join(',').replace(/%3A/g, ':')}${sprawa}`;
}
