// What every register document of the office (wypis z rejestru gruntów, wypis z rejestru budynków, wyrys z mapy
// ewidencyjnej) shares: the A4 pdfkit document with the licence in its info (Subject, Keywords and a custom key
// `Licencja`, documents/licence-mark.ts) and a one-line licence footer on every page, the heading fields § 36 ust. 2
// of the EGiB regulation asks of a wypis (rozporządzenie MRPiT z 27 lipca 2021 r., Dz.U. 2021 poz. 1390: the
// authority, the case, the title, województwo, powiat, jednostka ewidencyjna, obręb name and number, the unit
// number, the date, "sporządzono automatycznie"), Polish number formats, and a small table that breaks across pages
// with its heading repeated. Signing is the caller's (documents/sign.ts); `signRegisterDocument` does it with the
// reason and place every register document states.
import { openPdf } from '../formats/pdf-document.ts';
import type { LicenceMark } from './licence-mark.ts';
import { licenceMarkText } from './licence-mark.ts';
import type { Office } from './doo-pdf.ts';
import { signPdf, type SigningIdentity } from './sign.ts';

export type RegisterOffice = Pick<Office, 'name' | 'address'>;

/**
 * The territory of the register this service keeps (TERYT): województwo wielkopolskie (30), the city with county
 * rights Poznań (3064), its one cadastral unit 306401_1 (gmina miejska). The regulation calls the county head
 * "starosta", which includes the president of a city with county rights (§ 2 pkt 7).
 */
export const TERRITORY = {
  wojewodztwo: '30 – wielkopolskie',
  powiat: '3064 – m. Poznań',
  jednostkaEwidencyjna: '306401_1 – Poznań (gmina miejska)',
  organ: 'Prezydent Miasta Poznania',
} as const;

export const MM = 72 / 25.4;
export const MARGIN = 15 * MM;
const FOOTER_H = 12 * MM;

/** A number with a Polish decimal comma and fixed decimals: 0.175 → "0,1750" (4). */
export function decimalPl(value: number | string, decimals: number): string {
  return Number(value).toFixed(decimals).replace('.', ',');
}

/** Hectares as the register prints them (4 decimals): from text "0.1750" or whole units of 0.0001 ha. */
export const haText = (v: string | number, units = false): string => decimalPl(units ? Number(v) / 10_000 : v, 4);
export const m2Text = (v: string | number | null): string => (v === null ? '—' : decimalPl(v, 2));

export const datePl = (d: Date): string => d.toLocaleDateString('pl-PL', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' });
export const dateTimePl = (d: Date): string => d.toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** "306401_1.0005" → "0005". */
export const obrebNumber = (idObrebu: string): string => idObrebu.slice(idObrebu.lastIndexOf('.') + 1);

export interface RegisterPdf { doc: PDFKit.PDFDocument; bytes: Promise<Buffer>; width: number }

/** An A4 document with the licence in its info; call finishRegisterPdf to write the footers and end it. */
export function openRegisterPdf(title: string, subject: string, office: RegisterOffice, licence?: LicenceMark): RegisterPdf {
  const text = licence ? licenceMarkText(licence) : undefined;
  const { doc, bytes } = openPdf({
    size: 'A4', margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_H }, compress: true, pdfVersion: '1.7', lang: 'pl-PL',
    bufferPages: true,
    info: {
      Title: title, Author: `${TERRITORY.organ} – ${office.name}`, Creator: 'SIP Poznań',
      Subject: text ?? subject,
      Keywords: text ? `${subject}; licencja ${licence!.number}; ${text}` : subject,
    },
  });
  // A custom key of the document information dictionary: the licence text, for tools that look it up by name.
  if (text) (doc.info as unknown as Record<string, string>).Licencja = text;
  return { doc, bytes, width: doc.page.width - 2 * MARGIN };
}

/** Short enough for one line at the foot of a page; the whole text is in the document's info. */
function footerLine(licence?: LicenceMark): string {
  if (!licence) return 'Materiał państwowego zasobu geodezyjnego i kartograficznego – udostępniany z licencją (art. 40c Pgik).';
  return `Licencja ${licence.number} (art. 40c Pgik) · ${licence.licensee} · zamówienie ${licence.orderNumber} · wydano ${licence.issued}`;
}

/** Writes the licence footer and "strona i z n" on every page and ends the document. */
export function finishRegisterPdf(pdf: RegisterPdf, licence?: LicenceMark): Promise<Buffer> {
  const { doc } = pdf;
  const range = doc.bufferedPageRange();
  const line = footerLine(licence);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Text below the bottom margin would make pdfkit start a new page: the margin is lifted while the footer is set.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN - FOOTER_H + 4 * MM;
    doc.moveTo(MARGIN, y - 1.5 * MM).lineTo(MARGIN + pdf.width, y - 1.5 * MM).lineWidth(0.4).stroke('#777777');
    doc.font('Sans').fontSize(6.5).fillColor('#333333')
      .text(line, MARGIN, y, { width: pdf.width - 22 * MM, lineBreak: false, ellipsis: true, height: 9 })
      .text(`Strona ${i - range.start + 1} z ${range.count}`, MARGIN + pdf.width - 22 * MM, y, { width: 22 * MM, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('#000000');
  doc.end();
  return pdf.bytes;
}

/** The authority and case block at the top of the first page of a section, the place and date on the right. */
export function drawOrganBlock(pdf: RegisterPdf, office: RegisterOffice, caseNumber: string, issued: Date): void {
  const { doc, width } = pdf;
  const top = doc.y;
  doc.font('Sans-Bold').fontSize(9).fillColor('#000000').text(TERRITORY.organ, MARGIN, top, { width: width * 0.6 });
  doc.font('Sans').fontSize(8.5).text(office.name, { width: width * 0.6 }).text(office.address, { width: width * 0.6 });
  doc.text(`Znak sprawy: ${caseNumber}`, { width: width * 0.6 });
  const after = doc.y;
  doc.text(`Poznań, ${datePl(issued)}`, MARGIN + width * 0.6, top, { width: width * 0.4, align: 'right' });
  doc.x = MARGIN;
  doc.y = after + 3 * MM;
}

export function drawTitle(pdf: RegisterPdf, title: string, subtitle?: string): void {
  const { doc, width } = pdf;
  doc.font('Sans-Bold').fontSize(14).text(title, MARGIN, doc.y, { width, align: 'center' });
  if (subtitle) doc.font('Sans').fontSize(9).text(subtitle, MARGIN, doc.y, { width, align: 'center' });
  doc.moveDown(0.6);
}

/** Label–value pairs, two per line. */
export function drawFields(pdf: RegisterPdf, fields: readonly (readonly [string, string])[]): void {
  const { doc, width } = pdf;
  const half = width / 2;
  for (let i = 0; i < fields.length; i += 2) {
    const y = doc.y;
    let bottom = y;
    for (const [j, f] of fields.slice(i, i + 2).entries()) {
      const x = MARGIN + j * half;
      doc.font('Sans').fontSize(7.5).fillColor('#444444').text(f[0], x, y, { width: half - 4 });
      doc.font('Sans-Bold').fontSize(8.5).fillColor('#000000').text(f[1], x, doc.y, { width: half - 4 });
      bottom = Math.max(bottom, doc.y);
    }
    doc.x = MARGIN;
    doc.y = bottom + 1.5;
  }
  doc.moveDown(0.4);
}

export function drawHeading(pdf: RegisterPdf, text: string): void {
  const { doc, width } = pdf;
  if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
  doc.moveDown(0.3);
  doc.font('Sans-Bold').fontSize(9.5).fillColor('#000000').text(text, MARGIN, doc.y, { width });
  doc.moveDown(0.2);
}

export function drawNote(pdf: RegisterPdf, text: string, size = 7.5): void {
  const { doc, width } = pdf;
  doc.font('Sans').fontSize(size).fillColor('#222222').text(text, MARGIN, doc.y, { width });
  doc.fillColor('#000000');
  doc.moveDown(0.3);
}

export interface Column { title: string; width: number; align?: 'left' | 'right' | 'center' }

/**
 * A ruled table: rows of cells, a bold heading row repeated on every page it spans; `bold` rows for totals.
 * Widths are fractions of the text width.
 */
export class Table {
  private readonly widths: number[];
  constructor(private readonly pdf: RegisterPdf, private readonly columns: readonly Column[], private readonly size = 7.5) {
    const sum = columns.reduce((s, c) => s + c.width, 0);
    this.widths = columns.map((c) => (c.width / sum) * pdf.width);
    this.row(columns.map((c) => c.title), { heading: true });
  }

  row(cells: readonly string[], opts: { heading?: boolean; bold?: boolean; rule?: boolean } = {}): void {
    const { doc } = this.pdf;
    const font = opts.heading || opts.bold ? 'Sans-Bold' : 'Sans';
    doc.font(font).fontSize(this.size);
    const pad = 2;
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: this.widths[i]! - 2 * pad }))) + 2 * pad;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!opts.heading) this.row(this.columns.map((c) => c.title), { heading: true });
      doc.font(font).fontSize(this.size);
    }
    const top = doc.y;
    if (opts.heading) doc.rect(MARGIN, top, this.pdf.width, h).fill('#e8e8e8').fillColor('#000000');
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(c, x + pad, top + pad, { width: this.widths[i]! - 2 * pad, align: this.columns[i]!.align ?? 'left' });
      x += this.widths[i]!;
    });
    if (opts.rule !== false) doc.moveTo(MARGIN, top + h).lineTo(MARGIN + this.pdf.width, top + h).lineWidth(0.4).stroke('#999999');
    doc.x = MARGIN;
    doc.y = top + h;
  }

  end(): void {
    this.pdf.doc.moveDown(0.5);
  }
}

/** The place and the signer's reason of a signed register document. */
export function signRegisterDocument(pdf: Buffer, identity: SigningIdentity, reason: string, office: RegisterOffice, issued: Date): Promise<Buffer> {
  return signPdf(pdf, identity, { reason, location: 'Poznań', contactInfo: office.name }, issued);
}
