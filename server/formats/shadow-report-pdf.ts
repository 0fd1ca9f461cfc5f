// The short PDF report of a shadow study (A4, Polish, DejaVu Sans as the project's other PDFs): the planned
// building, what was studied and against which threshold with its legal basis, the verdicts on the residential
// neighbours' facades, the neighbouring parcels that lose sun and, apart, the investment's own parcels. Numbers are
// written with the decimal comma. Written with pdfkit.
import { openPdf } from './pdf-document.ts';
import { LEGAL_BASIS, VERDICT_TITLES, studyPeriod, type ShadowStudyDocument } from '../services/threed/shadow.ts';
import { VERDICTS } from '../threed/shadow-study.ts';

const CM = 72 / 2.54;


/** Hours with the Polish decimal comma. */
export const hoursPl = (v: number) => v.toFixed(2).replace('.', ',');

/** Most rows of each table (the CSV has them all). */
const MAX_ROWS = 40;

export async function writeShadowReportPdf(doc: ShadowStudyDocument, generated = new Date()): Promise<Buffer> {
  const { doc: pdf, bytes } = openPdf({
    size: 'A4', margins: { left: 2 * CM, right: 2 * CM, top: 2 * CM, bottom: 2 * CM },
    info: { Title: `Analiza nasłonecznienia – ${String(doc.planned.numerPozwolenia ?? doc.planned.id ?? '')}`, Author: 'SIP Poznań', Subject: 'Analiza zacienienia budynku projektowanego' },
  });
  const left = 2 * CM, width = pdf.page.width - 4 * CM;

  pdf.font('Sans-Bold').fontSize(16).text('Analiza nasłonecznienia budynków sąsiednich', left, 2 * CM, { width });
  pdf.font('Sans').fontSize(9).fillColor('#444444').text(`SIP Poznań · wygenerowano ${generated.toISOString().slice(0, 16).replace('T', ' ')} UTC`, { width });
  pdf.moveDown(0.8).fillColor('#000000');

  const field = (label: string, value: string) => {
    pdf.font('Sans-Bold').fontSize(10).text(`${label}: `, { continued: true, width }).font('Sans').text(value, { width });
  };
  field('Budynek projektowany', [doc.planned.numerPozwolenia, doc.planned.nazwaInwestycji].filter(Boolean).map(String).join(' – '));
  field('Działka inwestycji', doc.ownParcels.map((p) => p.idDzialki).join(', ') || String(doc.planned.idDzialki ?? '–'));
  field('Okres analizy', `${studyPeriod(doc)}, krok ${doc.step} min`);
  field('Wymagany czas nasłonecznienia', `${hoursPl(doc.threshold)} h (${doc.development === 'srodmiejska' ? 'zabudowa śródmiejska, §60 ust. 2' : '§60 ust. 1'})`);
  field('Podstawa prawna', LEGAL_BASIS);
  pdf.moveDown(0.6);

  const residential = doc.facades.filter((f) => f.residential);
  const counts = VERDICTS.map((v) => [v, residential.filter((f) => f.verdict === v).length] as const).filter(([, n]) => n > 0);
  pdf.font('Sans-Bold').fontSize(12).text('Wynik', { width });
  pdf.font('Sans').fontSize(10).text(residential.length
    ? `Elewacje budynków mieszkalnych tracące słońce: ${residential.length}. ${counts.map(([v, n]) => `${VERDICT_TITLES[v]!.pl}: ${n}`).join('; ')}.`
    : 'Budynek projektowany nie odbiera słońca żadnej elewacji budynku mieszkalnego w analizowanym okresie.', { width });
  pdf.moveDown(0.6);

  /** A table with fixed column widths (fractions of the text width); long tables are cut at MAX_ROWS. */
  const table = (title: string, head: string[], fractions: number[], rows: string[][], empty: string) => {
    pdf.font('Sans-Bold').fontSize(12).text(title, left, pdf.y, { width });
    pdf.moveDown(0.2);
    if (!rows.length) { pdf.font('Sans').fontSize(10).text(empty, { width }); pdf.moveDown(0.6); return; }
    const xs = fractions.reduce<number[]>((a, f) => [...a, a.at(-1)! + f * width], [left]);
    const line = (cells: string[], bold: boolean) => {
      pdf.font(bold ? 'Sans-Bold' : 'Sans').fontSize(8);
      const h = Math.max(...cells.map((c, i) => pdf.heightOfString(c, { width: xs[i + 1]! - xs[i]! - 4 })));
      if (pdf.y + h > pdf.page.height - 2 * CM) pdf.addPage();
      const y = pdf.y;
      cells.forEach((c, i) => pdf.text(c, xs[i]!, y, { width: xs[i + 1]! - xs[i]! - 4 }));
      pdf.y = y + h + 2;
      pdf.moveTo(left, pdf.y - 1).lineTo(left + width, pdf.y - 1).lineWidth(0.3).strokeColor('#999999').stroke();
    };
    line(head, true);
    for (const r of rows.slice(0, MAX_ROWS)) line(r, false);
    if (rows.length > MAX_ROWS) pdf.font('Sans').fontSize(8).text(`… oraz ${rows.length - MAX_ROWS} dalszych (pełna lista w raporcie CSV).`, left, pdf.y, { width });
    pdf.x = left;
    pdf.moveDown(0.8);
  };

  table('Elewacje budynków mieszkalnych', ['Budynek', 'Elew.', 'Azymut', 'Dzień', 'Przed [h]', 'Po [h]', 'Utrata [h]', 'Ocena'],
    [0.3, 0.05, 0.07, 0.12, 0.08, 0.07, 0.08, 0.23],
    residential.map((f) => [f.idBudynku, String(f.facade), `${f.azimuth}°`, f.date, hoursPl(f.sunHoursBefore), hoursPl(f.sunHoursAfter), hoursPl(f.hoursLost), VERDICT_TITLES[f.verdict!]!.pl]),
    'Brak elewacji budynków mieszkalnych tracących słońce.');
  const parcelRows = (list: ShadowStudyDocument['parcels']) => list.map((p) => [p.idDzialki, hoursPl(p.hoursLostMean), hoursPl(p.hoursLostMax), String(p.areaAffected)]);
  table('Działki sąsiednie tracące słońce (teren)', ['Działka', 'Średnio [h]', 'Maks. [h]', 'Pow. dotknięta [m²]'], [0.4, 0.2, 0.2, 0.2],
    parcelRows(doc.parcels.filter((p) => p.hoursLostMax > 0)), 'Żadna działka sąsiednia nie traci słońca.');
  table('Działki inwestycji (wyłączone z oceny)', ['Działka', 'Średnio [h]', 'Maks. [h]', 'Pow. dotknięta [m²]'], [0.4, 0.2, 0.2, 0.2],
    parcelRows(doc.ownParcels), 'Brak.');

  pdf.font('Sans').fontSize(8).fillColor('#444444').text(
    'Metoda: promienie ku słońcu (astronomy-engine) z punktów próbkowych elewacji (do 8 wzdłuż, na 1–3 wysokościach, 10 cm przed ścianą) '
    + 'i z siatki terenu, przesłaniane przez teren (NMT) i budynki istniejące; czas nasłonecznienia „przed” bez budynku projektowanego, „po” z nim. '
    + 'Ocena elewacji to ocena jej najgorszego punktu w gorszym z dni; rejestr nie zawiera okien ani pokoi, więc wynik wskazuje elewacje '
    + 'do sprawdzenia w projekcie, a nie zastępuje analizy nasłonecznienia pomieszczeń (§60 ust. 1: w mieszkaniu wielopokojowym co najmniej jeden pokój).',
    left, pdf.y, { width });
  pdf.end();
  return bytes;
}
