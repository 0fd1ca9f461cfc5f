// Wyrys z mapy ewidencyjnej as a PDF on A4: the parcels of the request and their neighbours at a true printed scale
// (1:500, 1:1000, 1:2000 or 1:5000), drawn by the map renderer every map product uses (render/render-pool.ts
// renderMapImage: districts, land-use and classification contours, buildings, parcel boundaries, in their catalogue
// styles), with the wyrys's own layer on top as vectors: the requested parcels outlined in red and the parcel numbers
// (so that the numbers are text in the PDF and the outline can be measured). The frame carries the PL-2000 zone 6
// coordinates (EPSG:2177; x = northing, y = easting, as Polish maps write them) at its corners and coordinate crosses
// every 10 cm of paper; below it the scale bar, the north arrow, a legend line, the list of parcels, the closing
// clauses and the licence footer.
//
// What is followed, and what is not verified: the heading fields are those § 36 ust. 2 of the EGiB regulation
// (Dz.U. 2021 poz. 1390) lists for a wypis, applied to the wyrys as offices do (authority, case mark, title,
// województwo, powiat, jednostka ewidencyjna, obręb, unit numbers, date, automatic preparation, signature); the
// content of the map (parcel boundaries and numbers, buildings, land-use and soil contours, the north arrow, the
// clause for land registers) follows office practice as public guides describe the document. The 2021 act's own
// paragraph on the wyrys and any drawn template were NOT available here: the layout is not a verified copy of an
// official form.
import type { Queryable } from '../db/database.ts';
import { Catalog } from '../catalog/catalog.ts';
import type { Layer } from '../catalog/types.ts';
import { LAYERS } from '../catalog/layers.ts';
import { NATIVE_CRS } from '../crs/definitions.ts';
import { HttpProblem } from '../errors/service-error.ts';
import { renderMapImage } from '../render/render-pool.ts';
import type { LicenceMark } from './licence-mark.ts';
import {
  MARGIN, MM, dateTimePl, decimalPl, drawFields, drawNote, drawOrganBlock, drawTitle, finishRegisterPdf, haText,
  obrebNumber, openRegisterPdf, TERRITORY, type RegisterOffice, type RegisterPdf,
} from './register-pdf.ts';
import { jrgNumber, loadParcels, type ParcelRecord } from './register-data.ts';

export const WYRYS_SCALES = [500, 1000, 2000, 5000] as const;
export type WyrysScale = (typeof WYRYS_SCALES)[number];

export interface WyrysInput {
  parcels: readonly string[];
  /** The printed scale; by default the largest of 1:1000, 1:2000, 1:5000 at which the parcels fit (wyrysScaleFor). */
  scale?: WyrysScale;
  licence?: LicenceMark;
  issued: Date;
  office: RegisterOffice;
  caseNumber?: string;
  /** The running service's catalogue; without it the EGiB layers are completed from the database once. */
  catalog?: Catalog;
}

/** The map frame on paper, millimetres, and its resolution. */
const FRAME_MM = { width: 180, height: 150 } as const;
const DPI = 300;
/** The requested parcels must leave this share of the frame free around them. */
const FIT = 0.9;
/** Paper size of one map pixel, millimetres. */
const PIXEL_MM = 25.4 / DPI;
const FRAME_PX = { width: Math.round(FRAME_MM.width / PIXEL_MM), height: Math.round(FRAME_MM.height / PIXEL_MM) };
const RED = '#ff0000';

/** The EGiB layers of the map of a wyrys, bottom to top. */
const WYRYS_LAYERS = ['egib:kontury_uzytkow', 'egib:kontury_klasyfikacyjne', 'egib:budynki', 'egib:dzialki', 'egib:obreby'] as const;

type Extent = [number, number, number, number];

/** Ground size of the frame at a scale, metres [easting, northing]. */
export function frameGround(scale: number): [number, number] {
  return [FRAME_PX.width * PIXEL_MM / 1000 * scale, FRAME_PX.height * PIXEL_MM / 1000 * scale];
}

const fits = (e: Extent, scale: number): boolean => {
  const [w, h] = frameGround(scale);
  return e[2] - e[0] <= w * FIT && e[3] - e[1] <= h * FIT;
};

async function extentOf(db: Queryable, parcels: readonly string[]): Promise<Extent> {
  const [r] = await db.query<{ minx: number; miny: number; maxx: number; maxy: number }>(
    `SELECT ST_XMin(e) AS minx, ST_YMin(e) AS miny, ST_XMax(e) AS maxx, ST_YMax(e) AS maxy
     FROM (SELECT ST_Extent(geom) AS e FROM egib.dzialki WHERE "idDzialki" = ANY($1::text[])) x`, [parcels]);
  return [r!.minx, r!.miny, r!.maxx, r!.maxy];
}

const tooLarge = (scale: number) => new HttpProblem(422, 'Unprocessable Entity',
  `the parcels do not fit on one A4 wyrys at 1:${scale} (the frame holds ${frameGround(scale).map((m) => Math.floor(m * FIT)).join(' m × ')} m); order separate wyrysy or a smaller scale`);

/** The scale for a wyrys of parcels: the largest of 1:1000, 1:2000, 1:5000 at which they fit (422 if none). */
export async function wyrysScaleFor(db: Queryable, parcels: readonly string[]): Promise<WyrysScale> {
  const e = await extentOf(db, parcels);
  const scale = ([1000, 2000, 5000] as const).find((s) => fits(e, s));
  if (!scale) throw tooLarge(5000);
  return scale;
}

/** The layers of the map from the catalogue; the parcel numbers are the wyrys's own (vector text), not the renderer's. */
const unlabelled = new WeakMap<Layer, Layer>();
function withoutLabel(layer: Layer): Layer {
  let l = unlabelled.get(layer);
  if (!l) unlabelled.set(layer, l = { ...layer, style: { ...layer.style, label: undefined } });
  return l;
}

let ownCatalog: Promise<Catalog> | undefined;
async function mapLayers(db: Queryable, catalog?: Catalog): Promise<Layer[]> {
  const cat = catalog ?? await (ownCatalog ??= Catalog.load(db, LAYERS.filter((l) => (WYRYS_LAYERS as readonly string[]).includes(`${l.namespace}:${l.name}`))).catch((e) => { ownCatalog = undefined; throw e; }));
  return WYRYS_LAYERS.map((name) => {
    const layer = cat.layer(name, 'anonim');
    if (!layer) throw new Error(`wyrys: the catalogue has no layer ${name}`);
    return name === 'egib:dzialki' ? withoutLabel(layer) : layer;
  });
}

interface FrameGeometry { x0: number; y0: number; w: number; h: number; box: Extent; scale: number }

/** Ground (easting, northing) → page points. */
const toPage = (f: FrameGeometry, e: number, n: number): [number, number] =>
  [f.x0 + ((e - f.box[0]) / (f.box[2] - f.box[0])) * f.w, f.y0 + ((f.box[3] - n) / (f.box[3] - f.box[1])) * f.h];

const coordinate = (v: number) => decimalPl(v, 2).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

type FrameParcel = { idDzialki: string; numerDzialki: string; selected: boolean; x: number; y: number; area: number; geojson: string | null };

function drawParcelsOverlay(pdf: RegisterPdf, f: FrameGeometry, parcels: readonly FrameParcel[]): void {
  const { doc } = pdf;
  doc.save();
  doc.rect(f.x0, f.y0, f.w, f.h).clip();
  // The requested parcels: a red outline over the map (every ring of every polygon).
  for (const p of parcels.filter((q) => q.selected && q.geojson)) {
    const g = JSON.parse(p.geojson!) as { type: string; coordinates: number[][][][] | number[][][] };
    const polygons = (g.type === 'MultiPolygon' ? g.coordinates : [g.coordinates]) as number[][][][];
    for (const rings of polygons) {
      for (const ring of rings) {
        ring.forEach(([e, n], i) => {
          const [x, y] = toPage(f, e!, n!);
          if (i === 0) doc.moveTo(x, y); else doc.lineTo(x, y);
        });
        doc.closePath();
      }
    }
    doc.lineWidth(1.2).strokeColor(RED).stroke();
  }
  // Parcel numbers: every parcel whose inner point is in the frame and whose area on paper holds a number; the
  // requested parcels first, a neighbour's number only where it does not cover one already set.
  const minPaperMm2 = 20;
  const placed: [number, number, number, number][] = [];
  const overlaps = (r: [number, number, number, number]) => placed.some((q) => r[0] < q[2] && q[0] < r[2] && r[1] < q[3] && q[1] < r[3]);
  for (const p of [...parcels].sort((a, b) => Number(b.selected) - Number(a.selected))) {
    const paperMm2 = p.area / (f.scale / 1000) ** 2;
    if (!p.selected && paperMm2 < minPaperMm2) continue;
    const [x, y] = toPage(f, p.x, p.y);
    if (x < f.x0 + 3 * MM || x > f.x0 + f.w - 3 * MM || y < f.y0 + 3 * MM || y > f.y0 + f.h - 3 * MM) continue;
    const size = p.selected ? 8 : 6.5;
    doc.font(p.selected ? 'Sans-Bold' : 'Sans').fontSize(size);
    const tw = doc.widthOfString(p.numerDzialki);
    const rect: [number, number, number, number] = [x - tw / 2 - 1, y - size * 0.6, x + tw / 2 + 1, y + size * 0.6];
    if (!p.selected && overlaps(rect)) continue;
    placed.push(rect);
    doc.rect(x - tw / 2 - 1, y - size * 0.6, tw + 2, size * 1.2).fillOpacity(0.75).fill('#ffffff').fillOpacity(1);
    doc.fillColor(p.selected ? RED : '#000000').text(p.numerDzialki, x - tw / 2, y - size * 0.55, { lineBreak: false });
  }
  doc.restore();
  doc.fillColor('#000000').strokeColor('#000000');
}

function drawFrame(pdf: RegisterPdf, f: FrameGeometry): void {
  const { doc } = pdf;
  doc.lineWidth(0.8).strokeColor('#000000').rect(f.x0, f.y0, f.w, f.h).stroke();
  // Coordinate crosses every 10 cm of paper (scale/10 m on the ground), at round coordinates.
  const step = f.scale / 10;
  const arm = 2.5 * MM;
  doc.lineWidth(0.5);
  for (let e = Math.ceil(f.box[0] / step) * step; e < f.box[2]; e += step) {
    for (let n = Math.ceil(f.box[1] / step) * step; n < f.box[3]; n += step) {
      const [x, y] = toPage(f, e, n);
      if (x - arm < f.x0 || x + arm > f.x0 + f.w || y - arm < f.y0 || y + arm > f.y0 + f.h) continue;
      doc.moveTo(x - arm, y).lineTo(x + arm, y).moveTo(x, y - arm).lineTo(x, y + arm).stroke();
    }
  }
  // The corners' coordinates: x (northing) and y (easting) outside each corner.
  doc.font('Sans').fontSize(6.5).fillColor('#000000');
  const [minE, minN, maxE, maxN] = f.box;
  const label = (n: number, e: number) => `x = ${coordinate(n)}   y = ${coordinate(e)}`;
  doc.text(label(maxN, minE), f.x0, f.y0 - 3 * MM, { lineBreak: false });
  doc.text(label(maxN, maxE), f.x0 + f.w - 80 * MM, f.y0 - 3 * MM, { width: 80 * MM, align: 'right', lineBreak: false });
  doc.text(label(minN, minE), f.x0, f.y0 + f.h + 1 * MM, { lineBreak: false });
  doc.text(label(minN, maxE), f.x0 + f.w - 80 * MM, f.y0 + f.h + 1 * MM, { width: 80 * MM, align: 'right', lineBreak: false });
  // North arrow (grid north of PL-2000 is up), top right inside the frame.
  const cx = f.x0 + f.w - 9 * MM, cy = f.y0 + 11 * MM;
  doc.rect(cx - 5 * MM, cy - 8 * MM, 10 * MM, 15 * MM).fillOpacity(0.85).fill('#ffffff').fillOpacity(1);
  doc.polygon([cx, cy - 6 * MM], [cx + 2.5 * MM, cy + 3 * MM], [cx, cy + 1.5 * MM]).fill('#000000');
  doc.polygon([cx, cy - 6 * MM], [cx - 2.5 * MM, cy + 3 * MM], [cx, cy + 1.5 * MM]).lineWidth(0.6).stroke('#000000');
  doc.font('Sans-Bold').fontSize(8).fillColor('#000000').text('N', cx - 5 * MM, cy + 3.2 * MM, { width: 10 * MM, align: 'center', lineBreak: false });
}

/** Scale bar (five segments) and the scale in words, at (x, y). Returns the bar's length in metres. */
function drawScaleBar(pdf: RegisterPdf, x: number, y: number, scale: number): number {
  const { doc } = pdf;
  const metres = scale / 20; // 50 mm of paper
  const len = (metres / scale) * 1000 * MM;
  const seg = len / 5;
  doc.lineWidth(0.5).strokeColor('#000000');
  for (let i = 0; i < 5; i++) {
    doc.rect(x + i * seg, y, seg, 1.6 * MM);
    if (i % 2 === 0) doc.fillAndStroke('#000000', '#000000'); else doc.stroke();
  }
  doc.font('Sans').fontSize(6.5).fillColor('#000000');
  doc.text('0', x - 5, y + 2.2 * MM, { width: 10, align: 'center', lineBreak: false });
  doc.text(`${metres} m`, x + len - 15, y + 2.2 * MM, { width: 30, align: 'center', lineBreak: false });
  doc.font('Sans-Bold').fontSize(9).text(`Skala 1:${scale}`, x + len + 6 * MM, y - 0.5 * MM, { lineBreak: false });
  return metres;
}

/** One line of legend: samples of the symbols in the catalogue's colours and the wyrys's red outline. */
function drawLegend(pdf: RegisterPdf, x: number, y: number, layers: readonly Layer[]): number {
  const { doc } = pdf;
  const style = (name: string) => layers.find((l) => l.typeName === name)!.style;
  const items: { label: string; draw: (sx: number, sy: number) => void }[] = [
    { label: 'działki objęte wyrysem', draw: (sx, sy) => { doc.lineWidth(1.2).moveTo(sx, sy).lineTo(sx + 7 * MM, sy).stroke(RED); } },
    { label: 'granice i numery działek', draw: (sx, sy) => { doc.lineWidth(0.6).moveTo(sx, sy).lineTo(sx + 7 * MM, sy).stroke(style('egib:dzialki').stroke ?? '#000000'); } },
    { label: 'budynki', draw: (sx, sy) => { const s = style('egib:budynki'); doc.lineWidth(0.5).rect(sx, sy - 1.5 * MM, 7 * MM, 3 * MM).fillAndStroke(s.fill ?? '#cccccc', s.stroke ?? '#000000'); } },
    { label: 'kontury użytków (OFU)', draw: (sx, sy) => { doc.lineWidth(0.6).dash(2, { space: 1.5 }).moveTo(sx, sy).lineTo(sx + 7 * MM, sy).stroke(style('egib:kontury_uzytkow').stroke ?? '#2e8b57').undash(); } },
    { label: 'kontury klasyfikacyjne', draw: (sx, sy) => { doc.lineWidth(0.6).dash(1, { space: 1 }).moveTo(sx, sy).lineTo(sx + 7 * MM, sy).stroke(style('egib:kontury_klasyfikacyjne').stroke ?? '#7a5c1e').undash(); } },
    { label: 'granica obrębu', draw: (sx, sy) => { doc.lineWidth(1).dash(4, { space: 1.5 }).moveTo(sx, sy).lineTo(sx + 7 * MM, sy).stroke('#000000').undash(); } },
  ];
  doc.font('Sans-Bold').fontSize(7).fillColor('#000000').text('Legenda:', x, y - 1.2 * MM, { lineBreak: false });
  let cx = x + 13 * MM, cy = y;
  doc.font('Sans').fontSize(6.5);
  for (const it of items) {
    const w = 8 * MM + doc.widthOfString(it.label);
    if (cx + w > MARGIN + pdf.width) { cx = x + 13 * MM; cy += 4 * MM; }
    it.draw(cx, cy);
    doc.fillColor('#000000').text(it.label, cx + 8 * MM, cy - 1.2 * MM, { lineBreak: false });
    cx += w + 4 * MM;
  }
  return cy;
}

function parcelListText(parcels: readonly ParcelRecord[]): string {
  return parcels.map((p) => `${p.numerDzialki} (${p.idDzialki}${p.JRG ? `, JRG ${jrgNumber(p.JRG)}` : ''}, ${haText(p.poleEwidencyjne)} ha)`).join('; ');
}

/**
 * The wyrys of the parcels at the scale: A4, the map frame centred on them with their neighbours, at the true printed
 * scale. The parcels must fit in the frame at that scale (422 otherwise; wyrysScaleFor picks one that fits).
 */
export async function renderWyrysPdf(db: Queryable, input: WyrysInput): Promise<Buffer> {
  const parcels = await loadParcels(db, { parcels: input.parcels });
  const ids = parcels.map((p) => p.idDzialki);
  const extent = await extentOf(db, ids);
  const scale = input.scale ?? await wyrysScaleFor(db, ids);
  if (!(WYRYS_SCALES as readonly number[]).includes(scale)) throw new HttpProblem(400, 'Bad Request', `scale must be one of ${WYRYS_SCALES.join(', ')}`);
  if (!fits(extent, scale)) throw tooLarge(scale);

  // The frame centred on the parcels, its south-west corner on whole metres.
  const [gw, gh] = frameGround(scale);
  const minE = Math.round((extent[0] + extent[2]) / 2 - gw / 2), minN = Math.round((extent[1] + extent[3]) / 2 - gh / 2);
  const box: Extent = [minE, minN, minE + gw, minN + gh];
  const layers = await mapLayers(db, input.catalog);
  const [image, inFrame] = await Promise.all([
    renderMapImage(db, {
      layers: [...layers].sort((a, b) => (a.style.zIndex ?? 50) - (b.style.zIndex ?? 50)).map((layer) => ({ layer, style: 'default' })),
      crs: NATIVE_CRS, bbox: box, width: FRAME_PX.width, height: FRAME_PX.height, transparent: false, background: '#ffffff', role: 'anonim', dpi: DPI,
    }, 'png'),
    db.query<FrameParcel>(
      `SELECT d."idDzialki", d."numerDzialki", d."idDzialki" = ANY($5::text[]) AS selected, ST_X(p) AS x, ST_Y(p) AS y, ST_Area(d.geom) AS area,
              CASE WHEN d."idDzialki" = ANY($5::text[]) THEN ST_AsGeoJSON(d.geom, 3) END AS geojson
       FROM egib.dzialki d, LATERAL ST_PointOnSurface(d.geom) p
       WHERE d.geom && ST_MakeEnvelope($1, $2, $3, $4, 2177)`, [box[0], box[1], box[2], box[3], ids]),
  ]);

  const obreby = [...new Map(parcels.map((p) => [p.idObrebu, `${obrebNumber(p.idObrebu)} – ${p.nazwaObrebu} (${p.idObrebu})`])).values()];
  const units = [...new Set(parcels.map((p) => (p.JRG ? `${jrgNumber(p.JRG)} (${p.JRG})` : '—')))];
  const pdf = openRegisterPdf('Wyrys z mapy ewidencyjnej', `Wyrys z mapy ewidencyjnej 1:${scale}: ${ids.join(', ')}`, input.office, input.licence);
  drawOrganBlock(pdf, input.office, input.caseNumber ?? input.licence?.orderNumber ?? 'wydruk informacyjny (bez znaku sprawy)', input.issued);
  drawTitle(pdf, 'WYRYS Z MAPY EWIDENCYJNEJ');
  drawFields(pdf, [
    ['Województwo', TERRITORY.wojewodztwo], ['Powiat', TERRITORY.powiat],
    ['Jednostka ewidencyjna', TERRITORY.jednostkaEwidencyjna], [obreby.length > 1 ? 'Obręby ewidencyjne' : 'Obręb ewidencyjny', obreby.join('; ')],
    [units.length > 1 ? 'Jednostki rejestrowe gruntów' : 'Jednostka rejestrowa gruntów', units.join('; ')],
    ['Skala · układ współrzędnych', `1:${scale} · PL-2000 strefa 6 (EPSG:2177)`],
  ]);

  const f: FrameGeometry = { x0: MARGIN + (pdf.width - FRAME_MM.width * MM) / 2, y0: pdf.doc.y + 4 * MM, w: FRAME_PX.width * PIXEL_MM * MM, h: FRAME_PX.height * PIXEL_MM * MM, box, scale };
  pdf.doc.image(image.body, f.x0, f.y0, { width: f.w, height: f.h });
  drawParcelsOverlay(pdf, f, inFrame);
  drawFrame(pdf, f);

  const below = f.y0 + f.h + 6 * MM;
  drawScaleBar(pdf, f.x0 + 2 * MM, below, scale);
  const legendBottom = drawLegend(pdf, f.x0 + 2 * MM, below + 8.5 * MM, layers);
  pdf.doc.x = MARGIN;
  pdf.doc.y = legendBottom + 3.5 * MM;
  drawNote(pdf, `Działki objęte wyrysem: ${parcelListText(parcels)}.`, 7.5);
  drawNote(pdf, `Dokument sporządzono w sposób automatyczny w systemie SIP Poznań dnia ${dateTimePl(input.issued)} na podstawie bazy danych ewidencji gruntów i budynków i opatrzono podpisem elektronicznym organu. Dokument niniejszy jest przeznaczony do dokonywania wpisu w księdze wieczystej.`, 7);
  return finishRegisterPdf(pdf, input.licence);
}
