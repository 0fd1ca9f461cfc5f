// The shadow study panel: runs GET /3d/shadow-study for a planned building on a day or at the equinoxes (§60 of
// warunki techniczne), lists the residential facades with their verdicts against the 3 h / 1.5 h threshold, the
// parcels that lose more than N hours of sun (the investment's own apart) and the other facades that lose sun, and
// drapes the heat map over the terrain.
import * as THREE from 'three';
import type { ShadowStudyDocument } from '../../../server/services/threed/shadow.ts';
import type { CityModel } from './tiles.ts';
import { currentLang, t } from './i18n.ts';

export function heatColour(hours: number, max: number): THREE.Color {
  // Light yellow → orange → dark red (ColorBrewer YlOrRd), transparent at zero.
  const stops = [new THREE.Color('#ffffb2'), new THREE.Color('#fd8d3c'), new THREE.Color('#bd0026')];
  const f = Math.min(1, hours / Math.max(max, 0.25));
  return f < 0.5 ? stops[0]!.clone().lerp(stops[1]!, f * 2) : stops[1]!.clone().lerp(stops[2]!, (f - 0.5) * 2);
}

/** The heat map as a mesh following the terrain, 30 cm above it, cells without loss left out. */
export function heatMapMesh(model: CityModel, doc: ShadowStudyDocument): THREE.Mesh {
  const g = doc.grid;
  const max = Math.max(...g.hoursLost);
  const positions: number[] = [], colours: number[] = [];
  for (let row = 0; row < g.height; row++) for (let col = 0; col < g.width; col++) {
    const k = row * g.width + col;
    const h = g.hoursLost[k]!;
    if (h <= 0) continue;
    const c = heatColour(h, max);
    const e0 = g.origin[0] + col * g.cell, n0 = g.origin[1] - row * g.cell;
    const z = g.ground[k]! + 0.3;
    const corners = [[e0, n0], [e0 + g.cell, n0], [e0 + g.cell, n0 - g.cell], [e0, n0 - g.cell]].map(([e, n]) => model.toScene(e!, n!, z));
    for (const i of [0, 3, 1, 1, 3, 2]) { const p = corners[i]!; positions.push(p.x, p.y, p.z); colours.push(c.r, c.g, c.b); }
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(positions, 3));
  geometry.setAttribute('color', new THREE.Float32BufferAttribute(colours, 3));
  const material = new THREE.MeshBasicMaterial({ vertexColors: true, transparent: true, opacity: 0.65, depthWrite: false, side: THREE.DoubleSide, polygonOffset: true, polygonOffsetFactor: -4 });
  const mesh = new THREE.Mesh(geometry, material);
  mesh.name = 'heat map';
  mesh.renderOrder = 10;
  return mesh;
}

/** Hours with the page's decimal separator. */
const hours = (v: number) => (currentLang() === 'pl' ? v.toFixed(2).replace('.', ',') : v.toFixed(2));

/** The result tables (HTML) for a threshold of hours: the residential facades' verdicts, the parcels, the facades. */
export function studyTables(doc: ShadowStudyDocument, threshold: number): string {
  const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!));
  const parcels = doc.parcels.filter((p) => p.hoursLostMax > threshold);
  const summary = t('studySummary', { n: parcels.length, h: threshold, f: doc.facades.length, ms: doc.computeMs, steps: doc.sun.steps });
  const residential = doc.facades.filter((f) => f.residential);
  const complianceRows = residential.slice(0, 40).map((f) => `<tr class="v-${esc(f.verdict === 'naruszenie' ? 'bad' : f.verdict === 'spełnia' ? 'ok' : 'warn')}"><td>${esc(f.idBudynku)} / ${f.facade} (${f.azimuth}°)</td><td>${hours(f.sunHoursBefore)}</td><td>${hours(f.sunHoursAfter)}</td><td>${esc(t(`v:${f.verdict}`))}</td></tr>`).join('');
  const parcelRows = parcels.map((p) => `<tr><td>${esc(p.idDzialki)}</td><td>${hours(p.hoursLostMean)}</td><td>${hours(p.hoursLostMax)}</td><td>${p.areaAffected}</td></tr>`).join('');
  const facadeRows = doc.facades.filter((f) => !f.residential).slice(0, 30).map((f) => `<tr><td>${esc(f.idBudynku)} / ${f.facade} (${f.azimuth}°)</td><td>${hours(f.sunHoursBefore)}</td><td>${hours(f.sunHoursAfter)}</td></tr>`).join('');
  const threshold2 = currentLang() === 'pl' ? String(doc.threshold).replace('.', ',') : String(doc.threshold);
  return `<p>${esc(summary)}</p>
    <div class="v3-legend"><span>0 h</span><span class="bar"></span><span>${hours(Math.max(...doc.grid.hoursLost))} h</span></div>
    ${residential.length ? `<table class="v3-study" id="study-compliance"><caption>${esc(t('compliance', { h: threshold2 }))}</caption><thead><tr><th>${esc(t('facade'))}</th><th>${esc(t('before'))}</th><th>${esc(t('after'))}</th><th>${esc(t('verdict'))}</th></tr></thead><tbody>${complianceRows}</tbody></table>` : `<p>${esc(t('noResidential'))}</p>`}
    ${doc.ownParcels.length ? `<p id="study-own">${esc(t('ownParcels', { list: doc.ownParcels.map((p) => p.idDzialki).join(', ') }))}</p>` : ''}
    ${parcels.length ? `<table class="v3-study" id="study-parcels"><caption>${esc(t('hoursLost'))}</caption><thead><tr><th>${esc(t('parcel'))}</th><th>${esc(t('meanLost'))}</th><th>${esc(t('maxLost'))}</th><th>${esc(t('area'))}</th></tr></thead><tbody>${parcelRows}</tbody></table>` : `<p>${esc(t('noParcels'))}</p>`}
    ${facadeRows ? `<table class="v3-study" id="study-facades"><thead><tr><th>${esc(t('facade'))}</th><th>${esc(t('before'))}</th><th>${esc(t('after'))}</th></tr></thead><tbody>${facadeRows}</tbody></table>` : ''}`;
}
