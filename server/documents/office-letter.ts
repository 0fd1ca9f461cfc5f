// The page furniture the office's A4 documents share (the DOO, the licence, the coordination protocol): the office's
// name and address, the document's title and the line under it, and the label–value rows of its data. One place,
// so the three read alike; each document keeps its own content and order.
import type { Office } from './doo-pdf.ts';

/** The text width of an A4 page with the documents' 50 pt margins. */
export const textWidth = (doc: PDFKit.PDFDocument): number => doc.page.width - 100;

/** The office's name and address, then the title (centred, bold) and the line naming what the document is. */
export function letterhead(doc: PDFKit.PDFDocument, office: Pick<Office, 'name' | 'address'>, title: string, subtitle: string): void {
  const W = textWidth(doc);
  doc.font('Sans').fontSize(9).text(office.name, { width: W });
  doc.text(office.address, { width: W });
  doc.moveDown(1.2);
  doc.font('Sans-Bold').fontSize(15).text(title, { align: 'center', width: W });
  doc.font('Sans').fontSize(9).text(subtitle, { align: 'center', width: W });
  doc.moveDown(1);
}

/** One row of data: the label in the left column, the value in bold beside it. */
export function fieldRow(doc: PDFKit.PDFDocument, label: string, value: string): void {
  const y = doc.y;
  doc.font('Sans').fontSize(9).text(label, 50, y, { width: 150 });
  doc.font('Sans-Bold').text(value, 200, y, { width: textWidth(doc) - 150 });
}
