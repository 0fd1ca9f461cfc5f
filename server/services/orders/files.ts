// GET /api/orders/{id}/files/{file}: a released file of a paid order (release.ts), for the orderer only — the user
// whose session or API key placed it, or the anonymous orderer showing the order's access token — and the office's
// staff; anyone else gets 404 as if the order did not exist (orders.ts ownOrder). A file is there for
// ORDERS_RELEASE_DAYS after it was prepared, then 410 Gone. Every download is recorded in the download register
// (downloads/register.ts) with the order and its number, once the whole file was sent.
import path from 'node:path';
import type { Request, Response } from 'express';
import { requestIdentity, type ServiceContext } from '../context.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { UUID } from '../downloads/jobs.ts';
import { sendRegisteredFile } from '../downloads/register.ts';
import type { DownloadSlots } from '../downloads/router.ts';
import { ownOrder } from './orders.ts';
import { RELEASE_KIND, type ReleaseParams } from './release.ts';

type FileRow = {
  id: string; status: string; plik: string | null; nazwaPliku: string | null; typPliku: string | null; liczbaObiektow: string | null;
  parametry: ReleaseParams; wygasa: Date | null; expired: boolean;
};

export function getReleasedFile(slots: DownloadSlots) {
  return async (ctx: ServiceContext, req: Request, res: Response): Promise<void> => {
    const order = await ownOrder(ctx, req);
    const id = String(req.params.file ?? '');
    const notFound = new HttpProblem(404, 'Not Found', `Order ${order.numer} has no such file`);
    if (!UUID.test(id)) throw notFound;
    const [job] = await ctx.db.query<FileRow>(
      `SELECT id, status, plik, "nazwaPliku", "typPliku", "liczbaObiektow", parametry, wygasa, (status = 'expired' OR (status = 'done' AND wygasa < now())) AS expired
       FROM portal.zadania WHERE id = $1 AND zamowienie_id = $2 AND rodzaj = $3`, [id, order.id, RELEASE_KIND]);
    if (!job) throw notFound;
    if (job.expired) {
      throw new HttpProblem(410, 'Gone', `The file expired on ${new Date(job.wygasa!).toISOString()} (files of an order are kept ${ctx.config.orders.releaseDays} days); ask the office to release it again`,
        { expired: new Date(job.wygasa!).toISOString() });
    }
    if (job.status !== 'done' || !job.plik) throw new HttpProblem(409, 'Conflict', `The file is ${job.status}; it can be downloaded once it is done`, { status: job.status });
    const dir = path.resolve(ctx.config.downloads.dir);
    const file = path.resolve(dir, job.plik);
    if (!file.startsWith(dir + path.sep)) throw notFound;
    slots.take(req, res);
    const p = job.parametry;
    await sendRegisteredFile(ctx.db, res, { path: file, name: job.nazwaPliku ?? path.basename(file), type: job.typPliku ?? 'application/octet-stream' }, {
      who: requestIdentity(req), portal: order.portal, resource: `zamówienie ${order.numer} poz. ${p.lp === 0 ? 'licencja' : `${p.lp}: ${p.title}`}`,
      layers: [], format: path.extname(job.nazwaPliku ?? '').slice(1) || 'bin', features: job.liczbaObiektow === null ? null : Number(job.liczbaObiektow),
      jobId: job.id, order: { id: order.id, number: order.numer },
    }, ctx.log);
  };
}
