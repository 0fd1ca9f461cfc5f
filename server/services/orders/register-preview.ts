// GET /api/office/documents/{wypis-gruntow|wypis-budynkow|wyrys}.pdf: the office staff's preview of a register
// document before it is released (pracownik ośrodka or administrator: catalog/roles.ts isOfficeStaff; anyone else
// gets 403). Parameters: `parcels` (comma-separated idDzialki) or, for the wypis z rejestru gruntów, `jrg`;
// `scale` (500, 1000, 2000, 5000) for the wyrys; `daneOsobowe=tak` for the wypis with owners (staff are entitled,
// the preview shows the version without personal data unless asked). The preview carries no licence and no
// signature: what is released is signed when the paid order is produced (documents/wypis-pdf.ts
// renderSignedRegisterDocuments).
import type { Request, Response } from 'express';
import { requestIdentity, type ServiceContext } from '../context.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { isOfficeStaff, PERSONAL_DATA_ROLES } from '../../catalog/roles.ts';
import { renderWypisBudynkowPdf, renderWypisGruntowPdf, renderWyrysPdf, WYRYS_SCALES, type WyrysScale } from '../../documents/wypis-pdf.ts';

const KINDS = ['wypis-gruntow', 'wypis-budynkow', 'wyrys'] as const;

function list(v: unknown): string[] | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw new HttpProblem(400, 'Bad Request', 'parcels: one comma-separated list', { parameter: 'parcels' });
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

export async function getRegisterPreview(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const who = requestIdentity(req);
  if (!isOfficeStaff(who.role)) throw new HttpProblem(403, 'Forbidden', 'Previews of register documents are for the office staff (pracownik ośrodka)');
  const kind = String(req.params.kind ?? '');
  if (!(KINDS as readonly string[]).includes(kind)) throw new HttpProblem(404, 'Not Found', `No document ${kind}; one of ${KINDS.join(', ')}`);
  const parcels = list(req.query.parcels);
  const jrg = typeof req.query.jrg === 'string' && req.query.jrg !== '' ? req.query.jrg : undefined;
  if (!parcels && !(jrg && kind === 'wypis-gruntow')) throw new HttpProblem(400, 'Bad Request', kind === 'wypis-gruntow' ? 'give parcels or jrg' : 'give parcels', { parameter: 'parcels' });
  const personalData = req.query.daneOsobowe === 'tak' && PERSONAL_DATA_ROLES.includes(who.role);
  const o = ctx.config.orders;
  const common = { personalData, issued: new Date(), office: { name: o.officeName, address: o.officeAddress }, caseNumber: 'podgląd (dokument niepodpisany)' };
  let pdf: Buffer;
  if (kind === 'wyrys') {
    const scale = req.query.scale === undefined ? undefined : Number(req.query.scale);
    if (scale !== undefined && !(WYRYS_SCALES as readonly number[]).includes(scale)) throw new HttpProblem(400, 'Bad Request', `scale must be one of ${WYRYS_SCALES.join(', ')}`, { parameter: 'scale' });
    pdf = await renderWyrysPdf(ctx.db, { parcels: parcels!, scale: scale as WyrysScale | undefined, issued: common.issued, office: common.office, caseNumber: common.caseNumber, catalog: ctx.catalog });
  } else if (kind === 'wypis-budynkow') {
    pdf = await renderWypisBudynkowPdf(ctx.db, { parcels: parcels!, ...common });
  } else {
    pdf = await renderWypisGruntowPdf(ctx.db, parcels ? { parcels, ...common } : { jrg: jrg!, ...common });
  }
  res.status(200).type('application/pdf').set('Cache-Control', 'no-store').set('Content-Disposition', `inline; filename="${kind}-podglad.pdf"`).send(pdf);
}
