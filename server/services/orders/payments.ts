// POST /api/payments/mt940: the office imports a bank statement; matched credits mark their orders paid, the rest
// are listed (server/payments/bank-transfer.ts). For the administrator until the office staff role exists.
import type { Request, Response } from 'express';
import { requestIdentity, type ServiceContext } from '../context.ts';
import { requestAuth } from '../../http/auth.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { importMt940 } from '../../payments/bank-transfer.ts';
import { Mt940Error } from '../../payments/mt940.ts';

export async function postMt940(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const who = requestIdentity(req);
  if (who.role !== 'admin') throw new HttpProblem(403, 'Forbidden', 'Bank statements are imported by the office');
  if (requestAuth(req).kind === 'session') throw new HttpProblem(403, 'Forbidden', 'Import statements with an API key (the back office form comes later)');
  const body = req.body;
  if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpProblem(400, 'Bad Request', 'Send the MT940 file as the request body');
  try {
    const report = await importMt940(ctx.db, body, { userId: who.userId, name: requestAuth(req).login ?? 'admin' });
    res.set('Cache-Control', 'no-store').json(report);
  } catch (e) {
    if (e instanceof Mt940Error) throw new HttpProblem(400, 'Bad Request', `Not an MT940 statement: ${e.message}`);
    throw e;
  }
}
