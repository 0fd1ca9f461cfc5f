// A map sheet as a PDF laid out like a printout of the base map (mapa zasadnicza): the map at its true scale inside
// a frame, the sheet's godło and scale above it, coordinate crosses every 10 cm of paper with the frame's
// coordinates written at the edges (x = northing, y = easting, as Polish maps label them), the legend, the date of
// the data and the licence clause below. Written with pdfkit, text in DejaVu Sans (Polish letters).
import { openPdf } from './pdf-document.ts';
import { SHEET_PAPER_M, type Sheet } from '../domain/sheets.ts';

const CM = 72 / 2.54; // PDF points per centimetre


export interface SheetPdfInput {
  sheet: Sheet;
  mapPng: Buffer;
  /** The legend in columns (images at 0.28 mm per pixel), set side by side below the map. */
  legendColumns: readonly { png: Buffer; width: number; height: number }[];
  dataDate: Date;
  licence: string;
  layers: readonly string[];
  /** Document information entries over the defaults (a released sheet's licence: Subject, Keywords, a custom key). */
  info?: Record<string, string>;
}

/** Coordinates as printed on Polish maps: thousands separated by a space, metres. */
export function formatCoordinate(v: number): string {
  return Math.round(v).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

export async function writeSheetPdf(p: SheetPdfInput): Promise<Buffer> {
  const margin = { left: 2.5 * CM, right: 2.5 * CM, top: 3 * CM, bottom: 7 * CM };
  const mapW = SHEET_PAPER_M[0] * 100 * CM, mapH = SHEET_PAPER_M[1] * 100 * CM;
  const pageW = margin.left + mapW + margin.right, pageH = margin.top + mapH + margin.bottom;
  const { doc, bytes } = openPdf({ size: [pageW, pageH], margin: 0, info: { Title: `Arkusz ${p.sheet.godlo} 1:${p.sheet.scale}`, Author: 'SIP Poznań', Subject: 'Mapa – arkusz w układzie PL-2000', ...p.info } as PDFKit.DocumentInfo });

  const x0 = margin.left, y0 = margin.top;
  const [minE, minN, maxE, maxN] = p.sheet.bounds;

  // Heading: sheet name and scale, centred above the frame.
  doc.font('Sans-Bold').fontSize(26).fillColor('#000000').text(p.sheet.godlo, 0, 0.35 * CM, { width: pageW, align: 'center' });
  doc.font('Sans').fontSize(13).text(`Skala 1:${p.sheet.scale}   ·   Układ PL-2000 strefa ${p.sheet.zone} (EPSG:${p.sheet.epsg})`, 0, 1.4 * CM, { width: pageW, align: 'center' });

  // The map, exactly 80 cm × 50 cm, and its frame (inner hairline, outer thick line 3 mm outside).
  doc.image(p.mapPng, x0, y0, { width: mapW, height: mapH });
  doc.lineWidth(0.5).strokeColor('#000000').rect(x0, y0, mapW, mapH).stroke();
  const gap = 0.3 * CM;
  doc.lineWidth(2).rect(x0 - gap, y0 - gap, mapW + 2 * gap, mapH + 2 * gap).stroke();

  // Coordinate crosses every 10 cm of paper = scale/10 metres on the ground, with the coordinates at the frame.
  const stepM = p.sheet.scale / 10;
  const arm = 0.5 * CM;
  doc.lineWidth(0.6).strokeColor('#000000');
  doc.font('Sans').fontSize(8).fillColor('#000000');
  for (let e = minE; e <= maxE + 1e-6; e += stepM) {
    const x = x0 + ((e - minE) / (maxE - minE)) * mapW;
    for (let n = minN; n <= maxN + 1e-6; n += stepM) {
      const y = y0 + ((maxN - n) / (maxN - minN)) * mapH;
      const onFrame = e === minE || e >= maxE - 1e-6 || n === minN || n >= maxN - 1e-6;
      if (!onFrame) {
        doc.moveTo(x - arm / 2, y).lineTo(x + arm / 2, y).moveTo(x, y - arm / 2).lineTo(x, y + arm / 2).stroke();
      }
    }
    // Frame ticks and easting (y) labels above and below the frame.
    doc.moveTo(x, y0 - gap).lineTo(x, y0).moveTo(x, y0 + mapH).lineTo(x, y0 + mapH + gap).stroke();
    const label = `y=${formatCoordinate(e)}`;
    doc.text(label, x - 2 * CM, y0 - gap - 0.45 * CM, { width: 4 * CM, align: 'center' });
    doc.text(label, x - 2 * CM, y0 + mapH + gap + 0.1 * CM, { width: 4 * CM, align: 'center' });
  }
  for (let n = minN; n <= maxN + 1e-6; n += stepM) {
    const y = y0 + ((maxN - n) / (maxN - minN)) * mapH;
    doc.moveTo(x0 - gap, y).lineTo(x0, y).moveTo(x0 + mapW, y).lineTo(x0 + mapW + gap, y).stroke();
    const label = `x=${formatCoordinate(n)}`;
    // Northing (x) labels written along the left and right edges.
    doc.save().rotate(-90, { origin: [x0 - gap - 0.15 * CM, y] }).text(label, x0 - gap - 0.15 * CM - 2 * CM, y - 0.35 * CM, { width: 4 * CM, align: 'center' }).restore();
    doc.save().rotate(90, { origin: [x0 + mapW + gap + 0.15 * CM, y] }).text(label, x0 + mapW + gap + 0.15 * CM - 2 * CM, y - 0.35 * CM, { width: 4 * CM, align: 'center' }).restore();
  }

  // Below the frame: legend on the left, metadata on the right.
  const infoY = y0 + mapH + gap + 1.2 * CM;
  const legendScale = 72 / 90.7; // legend pixels are 0.28 mm
  doc.font('Sans-Bold').fontSize(10).text('Legenda', x0, infoY - 0.5 * CM);
  const legendRight = x0 + mapW * 0.58;
  let lx = x0;
  for (const col of p.legendColumns) {
    let w = col.width * legendScale, h = col.height * legendScale;
    const room = margin.bottom - 1.8 * CM;
    if (h > room) { w *= room / h; h = room; }
    if (lx + w > legendRight) break; // more classes than fit: the legend graphic of the WMS has them all
    doc.image(col.png, lx, infoY, { width: w, height: h });
    lx += w + 0.4 * CM;
  }

  const right = x0 + mapW * 0.6, rightW = mapW * 0.4;
  doc.font('Sans').fontSize(10).fillColor('#000000');
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const lines = [
    `Godło arkusza: ${p.sheet.godlo}    Skala 1:${p.sheet.scale}`,
    `Narożniki ramki: x ${formatCoordinate(minN)} – ${formatCoordinate(maxN)}, y ${formatCoordinate(minE)} – ${formatCoordinate(maxE)}`,
    `Krzyże siatki co 10 cm (${formatCoordinate(stepM)} m w terenie)`,
    `Stan danych na dzień: ${day(p.dataDate)}    Wydruk: ${day(new Date())}`,
    `Treść: ${p.layers.join(', ')}`,
    `Źródło: SIP Poznań – zasób geodezyjny i kartograficzny. Licencja danych: ${p.licence}.`,
    'Wydruk informacyjny: nie zastępuje mapy do celów prawnych ani projektowych z państwowego zasobu.',
  ];
  doc.text(lines.join('\n'), right, infoY - 0.5 * CM, { width: rightW, lineGap: 2 });
  doc.end();
  return bytes;
}
