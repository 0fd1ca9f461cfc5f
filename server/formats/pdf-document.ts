// A pdfkit document as every PDF of the service starts it (map sheets, the shadow-study report, the office's DOO
// and licences): the packaged DejaVu Sans registered as 'Sans' and 'Sans-Bold' (Polish letters, nothing fetched
// at run time), the bytes collected as pdfkit writes them, and a promise of the whole file once `end()` is called.
import { createRequire } from 'node:module';
import path from 'node:path';
import type PDFKitDocument from 'pdfkit';

const require = createRequire(import.meta.url);
/** pdfkit (8 MB of heap with its font tables) is required with the first PDF, not at start (issue 19, idle RSS). */
let pdfkit: typeof PDFKitDocument | undefined;

/** A font file of the packaged DejaVu family (npm dejavu-fonts-ttf). */
export function fontFile(name: string): string {
  return path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', name);
}

export interface OpenPdf {
  doc: PDFKit.PDFDocument;
  /** The whole file, once doc.end() has been called. */
  bytes: Promise<Buffer>;
}

export function openPdf(options: PDFKit.PDFDocumentOptions): OpenPdf {
  pdfkit ??= require('pdfkit') as typeof PDFKitDocument;
  const doc = new pdfkit(options);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) => { doc.on('end', () => resolve(Buffer.concat(chunks))); doc.on('error', reject); });
  doc.registerFont('Sans', fontFile('DejaVuSans.ttf'));
  doc.registerFont('Sans-Bold', fontFile('DejaVuSans-Bold.ttf'));
  return { doc, bytes };
}
