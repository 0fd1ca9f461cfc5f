// The 3D city view (/widok-3d): terrain with this service's base map, existing buildings, planned buildings
// (highlighted, switchable), trees; orbit and walk navigation, attribute popups, the sun at a chosen date and
// time with shadows (following the studied day), and the shadow study of a planned building, with the legal equinox
// mode of warunki techniczne §60. URL: ?x=&y= (EPSG:2177), ?planned=<id>, ?lang=en.
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { ShadowStudyDocument } from '../../../server/services/threed/shadow.ts';
import { CityModel, type LoadedContent } from './tiles.ts';
import { SunLight } from './sun-light.ts';
import { WalkControls } from './walk.ts';
import { heatMapMesh, studyTables } from './study.ts';
import { loadPlannedNetworks, type PlannedNetworks } from './networks.ts';
import { applyTexts, currentLang, t, toggleLang } from './i18n.ts';
import { NAME_ATTRIBUTES, formatValue } from '../ui/values.ts';

const BASE = '/3d';
const params = new URLSearchParams(location.search);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

interface AttributeTitles { [layer: string]: { title: { pl: string; en: string }; attributes: { name: string; title: { pl: string; en: string } }[] } }
interface PlannedItem { id: number; x: number; y: number; height: number; ground: number; attributes: Record<string, unknown> }

/** What the end-to-end test and the benchmark read: draw calls, the tiles fetched and drawn (by URI), planned lines. */
interface ViewState {
  ready: boolean; error?: string; calls: number; triangles: number; frameTimeMs(frames?: number): Promise<number>; studyDone: boolean;
  tiles(): { fetched: number; bytes: number; drawn: string[] };
  plannedNetworks?: number;
}
declare global { interface Window { __view3d: ViewState } }

const state: ViewState = { ready: false, calls: 0, triangles: 0, studyDone: false, frameTimeMs: async () => NaN, tiles: () => ({ fetched: 0, bytes: 0, drawn: [] }) };
window.__view3d = state;

async function main(): Promise<void> {
  applyTexts();
  const langButton = $<HTMLButtonElement>('lang');
  const setLangButton = () => { langButton.textContent = currentLang() === 'pl' ? 'EN' : 'PL'; langButton.setAttribute('aria-label', currentLang() === 'pl' ? 'English' : 'Polski'); };
  setLangButton();
  langButton.addEventListener('click', () => { toggleLang(); setLangButton(); updateSunInfo(); });

  const container = $('scene');
  const status = $('status');
  status.textContent = t('loading');

  const renderer = new THREE.WebGLRenderer({ antialias: true, powerPreference: 'high-performance' });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
  renderer.setSize(container.clientWidth, container.clientHeight);
  renderer.shadowMap.enabled = true;
  renderer.shadowMap.type = THREE.PCFShadowMap;
  renderer.outputColorSpace = THREE.SRGBColorSpace;
  renderer.info.autoReset = true;
  container.appendChild(renderer.domElement);

  const scene = new THREE.Scene();
  scene.background = new THREE.Color('#bcd4ea');
  scene.fog = new THREE.Fog('#bcd4ea', 2500, 6000);
  const camera = new THREE.PerspectiveCamera(50, container.clientWidth / container.clientHeight, 1, 20000);
  const sun = new SunLight(scene);
  const controls = new OrbitControls(camera, renderer.domElement);
  controls.enableDamping = true;
  controls.maxPolarAngle = Math.PI * 0.495;
  const walk = new WalkControls(camera, container, () => model.layer('teren').map((c) => c.object));

  const model = new CityModel(BASE);
  scene.add(model.group);
  await model.open();
  state.tiles = () => ({ ...model.stats, drawn: model.visible().map((c) => c.uri) });

  // Materials: buildings flat-lit with their vertex colours, planned buildings glowing, everything casts shadows.
  model.onContent = (c) => {
    c.object.traverse((o) => {
      const mesh = o as THREE.Mesh;
      if (!mesh.isMesh) return;
      mesh.castShadow = c.layer !== 'teren';
      mesh.receiveShadow = true;
      const mat = mesh.material as THREE.MeshStandardMaterial;
      if (c.layer === 'projektowane') { mat.emissive = new THREE.Color('#6a1040'); mat.emissiveIntensity = 0.6; }
      if (c.layer === 'teren') mat.roughness = 1;
    });
  };

  const attributeTitles = await (await fetch(`${BASE}/attributes.json`)).json() as AttributeTitles;
  const planned = (await (await fetch(`${BASE}/planned.json`)).json() as { planned: PlannedItem[] }).planned;

  // Where to look: ?planned=<id>, else ?x=&y= (EPSG:2177), else the middle of the model.
  const box = model.bounds();
  let focus = box.getCenter(new THREE.Vector3());
  // The whole model in view: its side at a 50° field of view, looking down ~55° (the district's 2 km from 2 km,
  // the city's 16 km from 16 km).
  let distance = Math.max(box.max.x - box.min.x, box.max.z - box.min.z);
  const plannedParam = params.get('planned');
  const chosen = plannedParam ? planned.find((p) => String(p.id) === plannedParam) : undefined;
  const x = Number(params.get('x')), y = Number(params.get('y'));
  if (chosen) { focus = model.toScene(chosen.x, chosen.y, chosen.ground); distance = 250; }
  else if (params.get('x') && params.get('y') && Number.isFinite(x) && Number.isFinite(y)) { focus = model.toScene(x, y, 60); distance = 400; }
  focus.y = Math.max(focus.y, 0);
  camera.position.copy(focus).add(new THREE.Vector3(-0.35, 1.0, 0.6).normalize().multiplyScalar(distance));
  controls.target.copy(focus);
  controls.update();

  // --- layers ---------------------------------------------------------------------------------------------------
  const toggle = (id: string, layer: LoadedContent['layer']) => {
    const input = $<HTMLInputElement>(id);
    const apply = () => model.setLayerVisible(layer, input.checked);
    input.addEventListener('change', apply);
    apply();
  };
  toggle('show-planned', 'projektowane');
  toggle('show-trees', 'drzewa');
  toggle('show-buildings', 'budynki');

  // Planned utility lines (GESUT status projektowany) below the terrain; a failure leaves the rest of the view.
  const networksInput = $<HTMLInputElement>('show-networks');
  let networks: PlannedNetworks | undefined;
  try {
    networks = await loadPlannedNetworks(BASE, model);
    scene.add(networks.group);
    state.plannedNetworks = networks.count;
    $('networks-count').textContent = String(networks.count);
    const loaded = networks;
    const apply = () => { loaded.group.visible = networksInput.checked; };
    networksInput.addEventListener('change', apply);
    apply();
  } catch (err) {
    console.warn((err as Error).message);
    networksInput.disabled = true;
  }

  // --- sun ----------------------------------------------------------------------------------------------------------
  const dateInput = $<HTMLInputElement>('sun-date'), timeInput = $<HTMLInputElement>('sun-time'), timeOut = $<HTMLOutputElement>('sun-time-out');
  if (params.get('date')) dateInput.value = params.get('date')!;
  if (params.get('time')) { const [h, m] = params.get('time')!.split(':').map(Number); timeInput.value = String((h ?? 12) * 60 + (m ?? 0)); }
  const [lon, lat] = model.lonLat(focus);
  function updateSunInfo(): void {
    const minutes = Number(timeInput.value);
    timeOut.value = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const p = sun.setTime(dateInput.value || '2026-06-21', minutes, lon, lat);
    $('sun-info').textContent = p.altitude > 0 ? t('sunInfo', { az: p.azimuth.toFixed(1), alt: p.altitude.toFixed(1) }) : t('sunBelow', { alt: p.altitude.toFixed(1) });
  }
  dateInput.addEventListener('input', updateSunInfo);
  timeInput.addEventListener('input', updateSunInfo);
  updateSunInfo();

  // --- navigation -----------------------------------------------------------------------------------------------
  document.querySelectorAll<HTMLInputElement>('input[name=nav]').forEach((r) => r.addEventListener('change', () => {
    const walking = r.value === 'walk' && r.checked;
    if (r.value === 'walk' && r.checked) { controls.enabled = false; walk.start(controls.target.clone(), camera.position.clone().setY(controls.target.y)); container.focus(); }
    if (r.value === 'orbit' && r.checked) { walk.enabled = false; controls.enabled = true; controls.target.copy(camera.position).add(camera.getWorldDirection(new THREE.Vector3()).multiplyScalar(100)); }
    const hint = $('nav-hint');
    hint.dataset.t = walking ? 'walkHint' : 'orbitHint';
    hint.textContent = t(hint.dataset.t);
  }));

  // --- picking --------------------------------------------------------------------------------------------------
  const raycaster = new THREE.Raycaster();
  const popup = $('popup');
  let downAt: { x: number; y: number } | null = null;
  renderer.domElement.addEventListener('pointerdown', (e) => { downAt = { x: e.clientX, y: e.clientY }; });
  renderer.domElement.addEventListener('pointerup', (e) => {
    if (!downAt || Math.hypot(e.clientX - downAt.x, e.clientY - downAt.y) > 4 || walk.enabled) return;
    const rect = renderer.domElement.getBoundingClientRect();
    raycaster.setFromCamera(new THREE.Vector2(((e.clientX - rect.left) / rect.width) * 2 - 1, -((e.clientY - rect.top) / rect.height) * 2 + 1), camera);
    const pickable = model.visible().filter((c) => c.layer !== 'teren').map((c) => c.object);
    // Planned lines are drawn over the ground, so they are picked first.
    const lineHit = networks?.group.visible ? raycaster.intersectObjects(networks.group.children.filter((o) => (o as THREE.Mesh).isMesh), false)[0] : undefined;
    const line = lineHit ? networks!.lineAt(lineHit) : undefined;
    if (line) { showNetwork(line); return; }
    const hit = raycaster.intersectObjects(pickable, true)[0];
    if (!hit) { popup.hidden = true; return; }
    let o: THREE.Object3D | null = hit.object;
    while (o && !o.userData.content) o = o.parent;
    const content = o?.userData.content as LoadedContent | undefined;
    if (!content) return;
    showPopup(content, hit);
  });

  type NetworkLine = { id: string; branza: string; srednica: number | null; glebokosc: number | null; depthKnown: boolean; numerSprawyKoordynacyjnej: string | null };
  function showNetwork(l: NetworkLine): void {
    const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!));
    const rows: [string, unknown][] = [
      [t('lineId'), l.id], [t('branch'), l.branza], [t('status'), 'projektowany'], [t('caseNumber'), l.numerSprawyKoordynacyjnej ?? '–'],
      [t('diameter'), l.srednica ?? '–'], [t('depth'), l.depthKnown ? `${l.glebokosc} m` : t('depthUnknown')],
    ];
    popup.innerHTML = `<button type="button" class="v3-close" aria-label="${esc(t('close'))}">×</button><h3>${esc(t('plannedNetwork'))}</h3>
      <table><tbody>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
    popup.hidden = false;
    popup.querySelector('button')!.addEventListener('click', () => { popup.hidden = true; });
  }

  function showPopup(content: LoadedContent, hit: THREE.Intersection): void {
    const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!));
    const lang = currentLang();
    let title: string, rows: [string, unknown][];
    if (content.layer === 'drzewa') {
      const id = content.treeIds?.[hit.instanceId ?? -1];
      title = `${t('tree')} ${id ?? ''}`;
      rows = [];
      void fetch(`/ogcapi/collections/drzewa/items?numerInwentarzowy=${encodeURIComponent(id ?? '')}&f=json`).then((r) => r.ok ? r.json() : null).then((fc: { features?: { properties: Record<string, unknown> }[] } | null) => {
        const props = fc?.features?.[0]?.properties;
        if (!props) return;
        const titles = attributeTitles.drzewa?.attributes ?? [];
        popup.querySelector('tbody')!.innerHTML = titles.filter((a) => a.name in props).map((a) => `<tr><th>${esc(a.title[lang])}</th><td>${esc(formatValue(a.name, props[a.name], lang))}</td></tr>`).join('');
      }).catch(() => undefined);
    } else {
      const geom = (hit.object as THREE.Mesh).geometry;
      const ids = geom.getAttribute('_feature_id_0');
      const fid = ids && hit.face ? Math.round(ids.getX(hit.face.a)) : -1;
      const feature = content.features[fid] ?? {};
      const group = attributeTitles[content.layer];
      title = group ? group.title[lang] : content.layer;
      // Values as people read them: KŚT codes with their names, areas and heights with their declared decimals.
      const layerType = content.layer === 'projektowane' ? 'sip:budynki_projektowane' : undefined;
      rows = (group?.attributes ?? []).filter((a) => a.name in feature && !NAME_ATTRIBUTES.has(a.name))
        .map((a) => [a.title[lang], formatValue(a.name, feature[a.name], lang, layerType)]);
    }
    popup.innerHTML = `<button type="button" class="v3-close" aria-label="${esc(t('close'))}">×</button><h3>${esc(title)}</h3>
      <table><tbody>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
    popup.hidden = false;
    popup.querySelector('button')!.addEventListener('click', () => { popup.hidden = true; });
  }

  // --- shadow study ---------------------------------------------------------------------------------------------
  const select = $<HTMLSelectElement>('study-planned');
  for (const p of planned) {
    const opt = document.createElement('option');
    opt.value = String(p.id);
    opt.textContent = `${String(p.attributes.numerPozwolenia ?? p.id)} – ${String(p.attributes.nazwaInwestycji ?? '')} (${p.height} m)`;
    select.appendChild(opt);
  }
  if (chosen) select.value = String(chosen.id);
  let heat: THREE.Mesh | undefined;
  let lastStudy: ShadowStudyDocument | undefined;
  const year = (dateInput.value || '2026-06-21').slice(0, 4);
  const runButton = $<HTMLButtonElement>('study-run');
  const threshold = $<HTMLInputElement>('study-threshold');
  const renderTables = () => { if (lastStudy) $('study-result').innerHTML = studyTables(lastStudy, Number(threshold.value) || 0); };
  threshold.addEventListener('input', renderTables);
  runButton.addEventListener('click', async () => {
    const day = $<HTMLSelectElement>('study-date').value;
    const equinox = day === 'equinox';
    const q = new URLSearchParams({
      planned: select.value, ...(equinox ? { mode: 'equinox', date: `${year}-03-21` } : { date: `${year}-${day}` }),
      step: $<HTMLSelectElement>('study-step').value, zabudowa: $<HTMLSelectElement>('study-development').value,
    });
    runButton.disabled = true;
    runButton.textContent = t('running');
    try {
      const res = await fetch(`${BASE}/shadow-study?${q}`);
      if (!res.ok) throw new Error(((await res.json()) as { detail?: string }).detail ?? res.statusText);
      lastStudy = await res.json() as ShadowStudyDocument;
      if (heat) { scene.remove(heat); heat.geometry.dispose(); }
      heat = heatMapMesh(model, lastStudy);
      scene.add(heat);
      renderTables();
      // The scene's sun follows the studied day (the first one in the equinox mode).
      dateInput.value = lastStudy.date;
      updateSunInfo();
      for (const f of ['csv', 'pdf']) {
        const a = $<HTMLAnchorElement>(`study-${f}`);
        a.href = `${BASE}/shadow-study?${q}&f=${f}`;
        a.hidden = false;
      }
      state.studyDone = true;
    } catch (err) {
      $('study-result').textContent = t('error', { m: (err as Error).message });
    } finally {
      runButton.disabled = false;
      runButton.textContent = t('run');
    }
  });

  // --- render loop ------------------------------------------------------------------------------------------------
  const timer = new THREE.Timer();
  const frame = () => {
    timer.update();
    const dt = Math.min(timer.getDelta(), 0.1);
    if (walk.enabled) walk.update(dt); else controls.update();
    const target = walk.enabled ? camera.position : controls.target;
    const reach = walk.enabled ? 250 : Math.min(1500, Math.max(150, camera.position.distanceTo(controls.target) * 1.2));
    sun.follow(target, reach);
    // A city-wide view stands kilometres off: the far plane and the haze follow the camera's distance.
    const far = Math.max(20000, camera.position.distanceTo(controls.target) * 4);
    if (far !== camera.far) { camera.far = far; camera.updateProjectionMatrix(); }
    const fog = scene.fog as THREE.Fog;
    fog.near = Math.max(2500, far / 8); fog.far = Math.max(6000, far / 2.5);
    model.update(camera, container.clientHeight);
    renderer.render(scene, camera);
    state.calls = renderer.info.render.calls;
    state.triangles = renderer.info.render.triangles;
  };
  renderer.setAnimationLoop(frame);
  new ResizeObserver(() => {
    camera.aspect = container.clientWidth / Math.max(1, container.clientHeight);
    camera.updateProjectionMatrix();
    renderer.setSize(container.clientWidth, container.clientHeight);
  }).observe(container);

  /** Mean time of `frames` synchronous renders, milliseconds (GPU work included: the pixels are read back). */
  state.frameTimeMs = async (frames = 20) => {
    renderer.setAnimationLoop(null);
    const gl = renderer.getContext();
    const pixel = new Uint8Array(4);
    frame(); gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    const t0 = performance.now();
    for (let i = 0; i < frames; i++) { frame(); gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel); }
    const ms = (performance.now() - t0) / frames;
    renderer.setAnimationLoop(frame);
    return ms;
  };
  // Ready when the tiles this view asks for are all drawn (the render loop keeps refining as the camera moves).
  await model.settled();
  status.textContent = t('ready');
  setTimeout(() => { status.hidden = true; }, 3000);
  requestAnimationFrame(() => requestAnimationFrame(() => { state.ready = true; }));
}

main().catch((err: unknown) => {
  console.error(err);
  state.error = (err as Error).message;
  const status = document.getElementById('status');
  if (status) status.textContent = t('error', { m: (err as Error).message });
});
