// Release of a paid order's materials (issue 17 item 4): prepares the files as download jobs for the orderer.
// PLACEHOLDER of the back office's branch: the release engineer's version of this file (written in parallel)
// replaces it whole when the branches are merged; until then the back office's "Wydaj" answers 501. The signature
// is the contract between the two: startRelease(ctx, orderId, actor).
import type { ServiceContext } from '../context.ts';
import type { Actor } from '../../orders/store.ts';
import { HttpProblem } from '../../errors/service-error.ts';

export async function startRelease(_ctx: ServiceContext, _orderId: string, _actor: Actor): Promise<void> {
  throw new HttpProblem(501, 'Not Implemented', 'The release of orders is not part of this build yet');
}
