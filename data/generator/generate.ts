// The generation pipeline. Rows of blocks are processed south to north; each row
// and each E–W street between rows is drafted, noded against its neighbours (so
// adjacent parcels and contours share vertices), written out and dropped. Only two
// rows are alive at a time, which keeps memory flat even for the whole city.

import { mkdirSync, writeFileSync } from 'node:fs';
import type { Config } from './config.ts';
import { M, VertexIndex, ewktLine, ewktMultiPolygon, ewktPoint, ewktPolygon, polygonAreaM2, rectRing, ringCentroid, type Pt } from './geom.ts';
import { Gesut, type DeviceRow, type GesutSink, type LineRow } from './gesut.ts';
import { kwNumber } from './identifiers.ts';
import { Layout } from './layout.ts';
import type { ParcelDraft } from './model.ts';
import { SPECIES } from './names.ts';
import { Owners } from './owners.ts';
import { Drafter } from './parcels.ts';
import { Permits } from './planned.ts';
import { hash32, rngFor, type Rng } from './rng.ts';
import { Terrain } from './terrain.ts';
import { treeAttrs } from './trees.ts';
import { TableWriter } from './writer.ts';
import { gesutModel, lineType, sheetOf, soilClass, usableAreas } from './model2021.ts';

export const TABLES = {
  obreby: ['egib.obreby', ['idObrebu', 'nazwaObrebu', 'poczatekWersjiObiektu', 'geom']],
  dzialki: ['egib.dzialki', ['idDzialki', 'numerDzialki', 'numerArkusza', 'idObrebu', 'numerKW', 'poleEwidencyjne', 'JRG', 'polozenie', 'poczatekWersjiObiektu', 'geom']],
  budynki: ['egib.budynki', ['idBudynku', 'idDzialki', 'rodzajWgKST', 'liczbaKondygnacjiNadziemnych', 'liczbaKondygnacjiPodziemnych', 'powZabudowy', 'lacznaPowUzytkowaLokaliWyodrebnionych', 'lacznaPowUzytkowaLokaliNiewyodrebnionych', 'statusBudynku', 'rokZakonczeniaBudowy', 'ulica', 'numerPorzadkowy', 'poczatekWersjiObiektu', 'geom']],
  kontury: ['egib.kontury_uzytkow', ['idKonturu', 'idDzialki', 'OFU', 'OZU', 'OZK', 'powierzchnia', 'poczatekWersjiObiektu', 'geom']],
  klasyfikacyjne: ['egib.kontury_klasyfikacyjne', ['idKonturu', 'idObrebu', 'OZU', 'OZK', 'poczatekWersjiObiektu', 'geom']],
  wlasciciele: ['egib.wlasciciele', ['id', 'rodzajPodmiotu', 'imie', 'nazwisko', 'nazwa', 'pesel', 'regon', 'adres']],
  udzialy: ['egib.udzialy_wlasnosci', ['idDzialki', 'idPodmiotu', 'rodzajPrawa', 'licznik', 'mianownik']],
  przewody: ['gesut.przewody', ['idPrzewodu', 'branza', 'typ', 'funkcja', 'srednica', 'material', 'wladajacy', 'status', 'eksploatacja', 'przebieg', 'glebokosc', 'poczatekWersjiObiektu', 'geom']],
  urzadzenia: ['gesut.urzadzenia', ['idUrzadzenia', 'branza', 'rodzajUrzadzenia', 'wladajacy', 'status', 'eksploatacja', 'poczatekWersjiObiektu', 'geom']],
  b3d: ['sip.budynki_3d', ['idBudynku', 'rzednaTerenu', 'wysokoscOkapu', 'wysokoscKalenicy', 'rodzajDachu', 'lod', 'poczatekWersjiObiektu', 'geom']],
  projektowane: ['sip.budynki_projektowane', ['numerPozwolenia', 'dataPozwolenia', 'organWydajacy', 'rodzajInwestora', 'nazwaInwestycji', 'funkcja', 'liczbaKondygnacjiNadziemnych', 'liczbaKondygnacjiPodziemnych', 'wysokosc', 'rzednaTerenu', 'rodzajDachu', 'idDzialki', 'status', 'poczatekWersjiObiektu', 'geom']],
  drzewa: ['sip.drzewa', ['numerInwentarzowy', 'gatunek', 'gatunekLacinski', 'wysokosc', 'srednicaKorony', 'obwodPnia', 'stanZdrowotny', 'poczatekWersjiObiektu', 'geom']],
  modele: ['sip.modele_wysokosciowe', ['nazwa', 'rodzaj', 'plik', 'rozdzielczosc', 'ukladWysokosci', 'dataPozyskania', 'poczatekWersjiObiektu', 'geom']],
} as const;

type TableKey = keyof typeof TABLES;

export interface Stats {
  rows: Record<string, number>;
  utilityKm: number;
  seconds: number;
}

const two = (v: number): string => v.toFixed(2);

/** Timestamps between 2012 and mid-2025, working hours, UTC. */
function stamp(r: Rng): string {
  const day = r.int(0, 4929);
  const t = Date.UTC(2012, 0, 1) + day * 86400000 + r.int(6 * 3600, 15 * 3600) * 1000;
  return new Date(t).toISOString().replace('T', ' ').replace('.000Z', '+00');
}

/**
 * Numbers given out of turn, per district or sheet counter ("idObrebu|sheet"): sequential number → register number.
 * Real registers skip the numbers of merged and retired parcels; here it puts the issue's worked example into the
 * sample: on sheet 13 of Jeżyce (0061) the second divided parcel is 33/1 and 33/2 (306401_1.0061.AR_13.33/1) where
 * it would be 22/1 and 22/2. Every other parcel keeps its number, so the data set changes only in those identifiers.
 */
const REGISTER_NUMBERS: Readonly<Record<string, Readonly<Record<number, number>>>> = { '306401_1.0061|13': { 22: 33 } };

export async function generate(cfg: Config, outDir: string, log: (s: string) => void): Promise<Stats> {
  const t0 = process.hrtime.bigint();
  mkdirSync(outDir, { recursive: true });
  const layout = new Layout(cfg);
  log(`layout: ${layout.xs.length} × ${layout.ys.length} street lines, ${layout.obreby.length} obręby, river ${layout.river ? 'yes' : 'no'}`);
  const terrain = new Terrain(cfg, layout.river);
  const drafter = new Drafter(layout);
  const gesut = new Gesut(layout);
  const W = {} as Record<TableKey, TableWriter>;
  for (const k of Object.keys(TABLES) as TableKey[]) {
    const [table, cols] = TABLES[k];
    W[k] = new TableWriter(outDir, table, cols);
  }
  const seed = cfg.seed;
  const owners = new Owners(seed, (row) => W.wlasciciele.row(row), (row) => W.udzialy.row(row));
  const tsParcel = rngFor(seed, 'ts-parcel');
  const tsBuilding = rngFor(seed, 'ts-building');
  const tsNet = rngFor(seed, 'ts-net');
  const tsTree = rngFor(seed, 'ts-tree');
  const permits = new Permits(rngFor(seed, 'emit'));
  const kwOff = hash32(seed, 'kw');
  let kwN = 0;
  const nextKw = (): string => kwNumber(kwN++, kwOff);
  const obrebNo = new Map<string, number>();
  /** The sequential number n of a district (or sheet) counter → the number it is registered under (REGISTER_NUMBERS). */
  const registerNumber = (counter: string, n: number): number => REGISTER_NUMBERS[counter]?.[n] ?? n;
  const reserved = (counter: string): Set<number> => new Set(Object.values(REGISTER_NUMBERS[counter] ?? {}));
  const groups = new Map<number, { num: number; seq: number; next: number; kw: string | null; arkusz: number | null }>();
  // Land register units (JRG): one per district and owner set; owner sets without a name share by land register.
  const jrgNo = new Map<string, number>();
  const jrgKey = new Map<string, number>();
  const jrg = (obreb: string, own: ParcelDraft['own'], kw: string | null): string => {
    const key = `${obreb}|${own.t === 'gmina' || own.t === 'water' || own.t === 'forest' ? own.t : kw ?? `${own.t}:${hash32(seed, 'jrg', JSON.stringify(own))}`}`;
    let n = jrgKey.get(key);
    if (n === undefined) {
      n = (jrgNo.get(obreb) ?? 0) + 1;
      jrgNo.set(obreb, n);
      jrgKey.set(key, n);
    }
    return `${obreb}.G${n}`;
  };
  const gminaKw = new Map<string, string[]>();
  const obrebIndex = new VertexIndex();
  const bx = new Set(layout.bx);
  const by = new Set(layout.by);
  let utilityMm = 0;
  let nLine = 0;
  let nDev = 0;
  let nTree = 0;
  let nBuilding = 0;

  // Objects updated in one survey operation (a block's modernisation, a street's
  // network survey) share their version timestamp.
  const opStamp = (() => {
    let key = '';
    let ts = '';
    return (op: string): string => {
      if (op !== key) {
        key = op;
        ts = stamp(rngFor(seed, 'op', op));
      }
      return ts;
    };
  })();
  const netStamp = (() => {
    let key = '';
    let ts = '';
    return (op: string | undefined): string => {
      if (op === undefined) return stamp(tsNet);
      if (op !== key) {
        key = op;
        ts = stamp(tsNet);
      }
      return ts;
    };
  })();

  const sink: GesutSink = {
    line(row: LineRow): void {
      const [a, b] = row.geom as [Pt, Pt];
      utilityMm += Math.hypot(b[0] - a[0], b[1] - a[1]);
      const m = gesutModel(row.rodzaj, row.status);
      W.przewody.row([
        `PL.PZGiK.3064.GESUT_P.${++nLine}`, m.branza, lineType(row), row.funkcja, row.srednica, row.material,
        row.operator, m.status, m.eksploatacja, row.przebieg, row.glebokosc === null ? null : two(row.glebokosc), netStamp(row.op), ewktLine(row.geom),
      ]);
    },
    device(row: DeviceRow): void {
      const m = gesutModel(row.rodzaj, row.status);
      W.urzadzenia.row([`PL.PZGiK.3064.GESUT_U.${++nDev}`, m.branza, row.kind, row.operator, m.status, m.eksploatacja, netStamp(row.op), ewktPoint(row.p)]);
    },
  };

  const node = (targets: ParcelDraft[], neighbours: ParcelDraft[][], extra: Pt[]): void => {
    const pi = new VertexIndex();
    const ci = new VertexIndex();
    const bi = new VertexIndex();
    for (const list of neighbours) {
      for (const d of list) {
        pi.addRing(d.ring);
        for (const c of d.contours) ci.addRing(c.ring);
      }
    }
    for (const [x, y] of extra) {
      pi.addPoint(x, y);
      ci.addPoint(x, y);
    }
    for (const d of targets) for (const b of d.buildings) bi.addRing(b.ring);
    for (const d of targets) {
      d.ring = pi.nodeRing(d.ring);
      for (const c of d.contours) c.ring = ci.nodeRing(c.ring);
      for (const b of d.buildings) b.ring = bi.nodeRing(b.ring);
    }
  };

  const emit = (d: ParcelDraft): void => {
    const o = d.obreb;
    const r = rngFor(seed, 'parcel', o.id, obrebNo.get(o.id) ?? 0, d.ring[0]?.[0] ?? 0, d.ring[0]?.[1] ?? 0);
    // number (sequential per obręb, or per map sheet in districts kept on sheets; subdivisions share a number:
    // N/1, N/2 … and the sheet of their first part)
    let numer: string;
    // The number in turn: what the random draws of the parcel's contents are keyed by, so that a number given out of
    // turn (REGISTER_NUMBERS) changes the identifiers only.
    let seedNumer: string;
    let kw: string | null;
    let arkusz: number | null = o.sheets ? sheetOf(o, d.ring) : null;
    const counter = arkusz === null ? o.id : `${o.id}|${arkusz}`;
    const g = d.group !== null ? groups.get(d.group) : undefined;
    if (d.group !== null && g) {
      g.next++;
      numer = `${g.num}/${g.next}`;
      seedNumer = `${g.seq}/${g.next}`;
      arkusz = g.arkusz;
      kw = g.kw !== null && r.chance(0.5) ? g.kw : r.chance(0.94) ? nextKw() : null;
    } else {
      let seq = (obrebNo.get(counter) ?? 0) + 1;
      while (reserved(counter).has(seq)) seq++; // a number given out of turn is never given twice
      obrebNo.set(counter, seq);
      const n = registerNumber(counter, seq);
      if (d.group !== null) {
        kw = r.chance(0.94) ? nextKw() : null;
        groups.set(d.group, { num: n, seq, next: 1, kw, arkusz });
        numer = `${n}/1`;
        seedNumer = `${seq}/1`;
      } else {
        numer = String(n);
        seedNumer = String(seq);
        if (d.kind === 'road' || d.kind === 'green') {
          // municipal roads of an obręb are entered in a few shared land registers
          let list = gminaKw.get(o.id);
          if (!list) gminaKw.set(o.id, (list = [nextKw(), nextKw(), nextKw()]));
          kw = r.chance(0.85) ? r.pick(list) : null;
        } else if (d.kind === 'river') {
          kw = r.chance(0.4) ? nextKw() : null;
        } else {
          kw = r.chance(0.94) ? nextKw() : null;
        }
      }
    }
    const id = `${o.id}${arkusz === null ? '' : `.AR_${arkusz}`}.${numer}`;
    const seedId = `${o.id}${arkusz === null ? '' : `.AR_${arkusz}`}.${seedNumer}`;
    const area = polygonAreaM2([d.ring]);
    let units = Math.max(1, Math.round(area / 1)); // m² → units of 0.0001 ha
    if (r.chance(0.02)) units = Math.max(1, units + r.pick([-3, -2, -1, 1, 2, 3])); // legacy areas differ slightly
    const ha = (units / 10000).toFixed(4);
    const ts = r.chance(0.8) ? opStamp(d.op) : stamp(tsParcel);
    W.dzialki.row([id, numer, arkusz, o.id, kw, ha, jrg(o.id, d.own, kw), d.street, ts, ewktMultiPolygon([[d.ring]])]);
    for (const [x, y] of d.ring) if (bx.has(x) || by.has(y)) obrebIndex.addPoint(x, y);
    d.contours.forEach((c, i) => {
      const soil = soilClass(c.ofu, rngFor(seed, 'soil', seedId, i));
      const geom = ewktMultiPolygon([[c.ring]]);
      // area of the piece in ha, 4 decimals, at least the register's smallest unit
      const pieceHa = (Math.max(1, Math.round(polygonAreaM2([c.ring]))) / 10000).toFixed(4);
      W.kontury.row([`${id}-${i + 1}`, id, c.ofu, soil?.ozu ?? null, soil?.ozk ?? null, pieceHa, ts, geom]);
      if (soil) W.klasyfikacyjne.row([`${id}-${i + 1}.${soil.ozu}${soil.ozk}`, o.id, soil.ozu, soil.ozk, ts, geom]);
    });
    owners.assign(id, d.own, r);
    d.buildings.forEach((b, i) => {
      const bid = `${id}.${i + 1}_BUD`;
      const seedBid = `${seedId}.${i + 1}_BUD`;
      const bts = r.chance(0.5) ? ts : stamp(tsBuilding);
      const geom = ewktMultiPolygon([[b.ring]]);
      const [cx, cy] = ringCentroid(b.ring);
      const built = polygonAreaM2([b.ring]);
      const usable = usableAreas(b.kst, built, b.storeys, rngFor(seed, 'usable', seedBid));
      W.budynki.row([bid, id, b.kst, b.storeys, b.basements, two(built), usable.separate, usable.other, b.status, b.year, b.street, b.number, bts, geom]);
      const ground = Math.round(terrain.ground(cx, cy) * 100) / 100;
      W.b3d.row([bid, two(ground), two(b.eaves), two(b.ridge), b.roof, 2, bts, geom]);
      terrain.burnBuilding(b.ring, ground, b.eaves, b.ridge, b.roof);
      gesut.connections(b, seedBid, sink);
      nBuilding++;
    });
    if (d.canopy > 0) terrain.burnCanopy(d.ring, d.canopy);
    const treeTs = stamp(tsTree); // trees are inventoried parcel by parcel
    for (const t of d.trees) {
      const tr = rngFor(seed, 'tree', t.x, t.y);
      const a = treeAttrs(t, tr);
      const sp = SPECIES[t.species];
      W.drzewa.row([`ZZM-${String(++nTree).padStart(7, '0')}`, sp.pl, sp.la, a.wysokosc.toFixed(2), a.srednicaKorony.toFixed(2), a.obwodPnia, a.stan, treeTs, ewktPoint([t.x, t.y])]);
      terrain.burnTree(t.x, t.y, a.srednicaKorony, a.wysokosc);
    }
    if (d.planned) W.projektowane.row(permits.row(d.planned, id, ([x, y]) => terrain.ground(x, y), r));
  };

  const ny = layout.ys.length;
  let rPrev = drafter.yRoad(0); // R_j
  let pPrev: ParcelDraft[] = []; // P_{j-1}
  const flush = async (): Promise<void> => {
    await Promise.all(Object.values(W).map((w) => w.drain()));
  };
  for (let j = 0; j < ny - 1; j++) {
    const pCur = drafter.row(j);
    const rNext = drafter.yRoad(j + 1);
    // the street between row j-1 and row j
    node(rPrev, [pPrev, pCur, rPrev], []);
    rPrev.forEach(emit);
    for (let k = 0; k < layout.xs.length - 1; k++) gesut.segment(layout.ys[j]!, k, sink);
    for (let k = 0; k < layout.xs.length; k++) gesut.nodes(k, j, sink);
    // row j itself
    node(pCur, [pCur, rPrev, rNext], [...drafter.corridorEdgePoints(j - 1), ...drafter.corridorEdgePoints(j + 1)]);
    pCur.forEach(emit);
    for (let k = 0; k < layout.xs.length; k++) gesut.segment(layout.xs[k]!, j, sink);
    pPrev = pCur;
    rPrev = rNext;
    await flush();
    if (j % 20 === 19) log(`  row ${j + 1}/${ny - 1}: ${W.dzialki.rows} parcels, ${nBuilding} buildings, ${(utilityMm / 1e6).toFixed(0)} km of lines`);
  }
  node(rPrev, [pPrev, rPrev], []);
  rPrev.forEach(emit);
  for (let k = 0; k < layout.xs.length - 1; k++) gesut.segment(layout.ys[ny - 1]!, k, sink);
  for (let k = 0; k < layout.xs.length; k++) gesut.nodes(k, ny - 1, sink);

  // districts: rectangles noded with every parcel vertex on their boundary
  const tsO = rngFor(seed, 'ts-obreb');
  for (const o of layout.obreby) W.obreby.row([o.id, o.name, stamp(tsO), ewktMultiPolygon([[obrebIndex.nodeRing(rectRing(o.rect))]])]);

  // elevation models
  const rasterFiles = cfg.rasterRes === null ? [] : terrain.write(outDir);
  if (rasterFiles.length) {
    const rr = rngFor(seed, 'lidar');
    const acq = `${rr.int(2022, 2024)}-${String(rr.int(3, 5)).padStart(2, '0')}-${String(rr.int(1, 28)).padStart(2, '0')}`;
    const area = cfg.scaleLabel === 'district' ? 'Stare Miasto' : 'Poznań';
    const bboxPoly = ewktPolygon([rectRing(cfg.bbox)]);
    const res = (cfg.rasterRes as number).toFixed(2);
    const ts = stamp(rr);
    W.modele.row([`NMT ${area} ${cfg.rasterRes} m`, 'NMT', 'nmt.tif', res, 'PL-EVRF2007-NH', acq, ts, bboxPoly]);
    W.modele.row([`NMPT ${area} ${cfg.rasterRes} m`, 'NMPT', 'nmpt.tif', res, 'PL-EVRF2007-NH', acq, ts, bboxPoly]);
  }

  for (const w of Object.values(W)) await w.close();
  const rows: Record<string, number> = {};
  for (const k of Object.keys(TABLES) as TableKey[]) rows[W[k].table] = W[k].rows;
  const manifest = {
    seed,
    scale: cfg.scaleLabel,
    crs: 'EPSG:2177',
    verticalCrs: 'EPSG:9651',
    bbox: [cfg.bbox.x0 / M, cfg.bbox.y0 / M, cfg.bbox.x1 / M, cfg.bbox.y1 / M],
    synthetic: true,
    licence: 'CC0-1.0',
    tables: (Object.keys(TABLES) as TableKey[]).map((k) => ({ table: W[k].table, file: W[k].file, columns: [...W[k].columns], rows: W[k].rows })),
    rasters: rasterFiles.map((f) => ({ file: f, rodzaj: f.startsWith('nmpt') ? 'NMPT' : 'NMT', resolution: cfg.rasterRes, width: terrain.width, height: terrain.height, dataType: 'Float32', nodata: -9999 })),
  };
  writeFileSync(`${outDir}/manifest.json`, JSON.stringify(manifest, null, 2) + '\n');
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rows, utilityKm: utilityMm / 1e6, seconds };
}

