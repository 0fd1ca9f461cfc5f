// Sending the surveyor's e-mails about a notification (texts: cases/zgloszenia/mail.ts) after the change that causes
// them committed: the filing (handlers.ts) and the package's completion (the job runner, downloads/jobs.ts, right after
// the transaction that marked the job done and moved the case to "materiały przygotowane"). A mail never undoes nor
// holds up the change: a failure is logged with the case number, never the message, and nothing is thrown.
import type { ServiceContext } from '../context.ts';
import { defaultMailer, type Mailer } from '../../accounts/mail.ts';
import { filedMail, packageReadyMail, type CaseMailFacts } from '../../cases/zgloszenia/mail.ts';
import { zgloszenieById, type Zgloszenie } from '../../cases/zgloszenia/store.ts';
import { orderById } from '../../orders/store.ts';
import { CASE_PORTAL, caseUrl } from '../../cases/links.ts';

const PAID: readonly string[] = ['opłacone', 'zrealizowane'];

async function facts(ctx: ServiceContext, z: Zgloszenie, base: string): Promise<{ to: string | null; facts: CaseMailFacts }> {
  const [u] = await ctx.db.query<{ email: string | null }>('SELECT email FROM portal.uzytkownicy WHERE id = $1', [z.userId]);
  const order = z.orderId ? await orderById(ctx.db, z.orderId) : undefined;
  return {
    to: u?.email ?? null,
    facts: {
      numer: z.numer, celPrac: z.celPrac, terminMaterialow: z.terminMaterialow, office: ctx.config.orders.officeName,
      fee: order ? { amountGr: order.amountGr, dooNumber: order.dooNumber, paid: PAID.includes(order.state) } : null,
      // The case's permalink: the portal opens on its panel (cases/links.ts).
      portalUrl: caseUrl(ctx.config.publicUrl ?? base, CASE_PORTAL.zgloszenie, z.id),
    },
  };
}

async function send(ctx: ServiceContext, mailer: Mailer, z: Zgloszenie, base: string, build: (f: CaseMailFacts) => ReturnType<typeof filedMail>, what: string): Promise<void> {
  try {
    const { to, facts: f } = await facts(ctx, z, base);
    if (!to) { ctx.log.warn({ zgloszenie: z.numer, mail: what }, 'notification e-mail not sent: the surveyor has no e-mail'); return; }
    await mailer.send({ to, ...build(f) });
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message, zgloszenie: z.numer, mail: what }, 'notification e-mail not sent; the case stands');
  }
}

/** The confirmation of a filed notification. */
export function notifyFiled(ctx: ServiceContext, mailer: Mailer, z: Zgloszenie, base: string): Promise<void> {
  return send(ctx, mailer, z, base, filedMail, 'filed');
}

/** The package of the case `id` is ready (called once, by the runner whose transaction moved the case). */
export async function notifyPackageReady(ctx: ServiceContext, id: string, base: string): Promise<void> {
  const z = await zgloszenieById(ctx.db, id).catch(() => undefined);
  if (!z) return;
  await send(ctx, ctx.mailer ?? defaultMailer(ctx.config.security, ctx.log), z, base, packageReadyMail, 'package ready');
}
