// POST /api/fees/quote: the fee of a basket before ordering, without signing in. The answer lists every line with
// its quantity, amount and legal basis (the contract of issue 17) and the engine's explanation of it.
import type { Request, Response } from 'express';
import { requestRole, type ServiceContext } from '../context.ts';
import { PERSONAL_DATA_ROLES } from '../../catalog/roles.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { FeeError, quote, type Quote } from '../../fees/engine.ts';
import { resolveBasket, type ResolvedItem } from './basket.ts';

/** Quotes resolved items; a FeeError (no tariff row for a combination) is the client's mistake. */
export function quoteItems(items: readonly ResolvedItem[]): Quote {
  try {
    return quote(items.map((i) => i.basket));
  } catch (e) {
    if (e instanceof FeeError) throw new HttpProblem(400, 'Bad Request', `items[${e.item}]: ${e.message}`, { parameter: `items[${e.item}]` });
    throw e;
  }
}

/** The public JSON of a quote. */
export function quoteJson(q: Quote) {
  return {
    currency: 'PLN',
    tariffVersion: q.tariffVersion,
    total: q.total,
    lines: q.lines.map((l) => ({
      material: l.material, quantity: l.quantity, amount: l.amount, legalBasis: l.legalBasis,
      unit: l.jednostka, rate: l.rate, name: l.nazwa, tariffRow: l.tariffRow, explanation: l.explanation,
      ...(l.subject ? { subject: l.subject } : {}), ...(l.free ? { free: l.free } : {}),
      ...(l.coefficients.length ? { coefficients: l.coefficients } : {}), verified: l.verified,
    })),
  };
}

export async function postQuote(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const items = await resolveBasket(ctx.db, req.body, ctx.config.downloads.maxSheets, PERSONAL_DATA_ROLES.includes(requestRole(req)));
  res.set('Cache-Control', 'no-store').json(quoteJson(quoteItems(items)));
}
