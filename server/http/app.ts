// The Express application: middleware, then one router per service, then the error handlers.
import express from 'express';
import type { ServiceContext } from '../services/context.ts';
import { requestLog } from './request-log.ts';
import { errorHandler, notFound } from './problem.ts';
import { landingRouter } from './landing.ts';
import { healthRouter } from '../services/health.ts';
import { owsRouter } from '../services/ows/router.ts';
import { ogcApiRouter } from '../services/ogcapi/router.ts';
import { tilesRouter } from '../services/tiles/router.ts';
import { parseCql2 } from '../query/cql2.ts';
import { downloadsRouter } from '../services/downloads/router.ts';
import { threedRouter } from '../services/threed/router.ts';
import { clientBuilt, clientRouter } from './client.ts';
import { catalogueRouter } from '../services/catalogue/router.ts';
import { searchRouter } from '../services/search/router.ts';
import { authenticator, refuseBadKeys } from './auth.ts';
import { cors, isClientDataError, privateForUsers, rateLimits, refuseNul, securityHeaders } from './security.ts';
import { sendProblem } from './problem.ts';
import { databaseGate, databaseMonitor, sendUnavailable } from './availability.ts';
import { portalRouter } from '../services/portal/router.ts';
import { DatabaseBusy } from '../db/errors.ts';

export function createApp(ctx: ServiceContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', 'loopback');
  app.use(requestLog(ctx.log));
  // Security (server/http/security.ts, auth.ts, availability.ts): headers and CORS first, then 503 at once while
  // the database is down, then who is calling (session cookie or API key), then the rate limits per key or address.
  const monitor = databaseMonitor(ctx.db, ctx.log);
  const auth = authenticator(ctx.db, ctx.config, ctx.log, (err, req, res) => monitor.report(err) && (sendUnavailable(req, res), true));
  app.use(securityHeaders());
  app.use(cors());
  app.use(refuseNul);
  app.use(databaseGate(monitor));
  app.use(auth.middleware);
  app.use(rateLimits(ctx.config));
  app.use(refuseBadKeys);
  app.use(privateForUsers);
  // Tiles first: the busiest route (dozens per map view) does not walk past every other router.
  app.use(tilesRouter(ctx));
  app.use(portalRouter(ctx, { auth }));
  // The portal client when it is built; the plain service page otherwise (development, tests of the API alone).
  if (clientBuilt()) app.use(clientRouter());
  app.use(landingRouter());
  app.use(healthRouter(ctx.db));
  app.use(owsRouter(ctx));
  app.use(catalogueRouter(ctx));
  app.use(searchRouter(ctx));
  app.use(ogcApiRouter(ctx, (text, lang, filterCrs) => parseCql2(text, lang, { filterCrs })));
  app.use(threedRouter(ctx));
  app.use(downloadsRouter(ctx));
  app.use(notFound);
  // A database that stopped mid-request: 503 with Retry-After (and the gate answers the next ones at once).
  app.use((err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!res.headersSent && monitor.report(err)) return sendUnavailable(req, res);
    // Every connection busy (not down): this request is told to come back; the service stays up for the others.
    if (!res.headersSent && err instanceof DatabaseBusy) return sendUnavailable(req, res, { detail: err.message, retryAfterS: err.retryAfterS });
    if (!res.headersSent && isClientDataError(err)) return sendProblem(res, 400, 'Bad Request', 'A value in the request is not valid.');
    next(err);
  });
  app.use(errorHandler(ctx.log));
  return app;
}
