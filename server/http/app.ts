// The Express application (the one module of http/ that knows the services: it assembles them): middleware, then
// one router per service, then the error handler that renders every error in its request's protocol.
import express from 'express';
import type { ServiceContext } from '../services/context.ts';
import { requestLog } from './request-log.ts';
import { errorHandler, notFound } from './errors.ts';
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
import { cors, privateForUsers, rateLimits, refuseNul, securityHeaders } from './security.ts';
import { databaseGate, databaseMonitor } from './availability.ts';
import { portalRouter } from '../services/portal/router.ts';
import { credentialResolver } from '../accounts/identify.ts';
import { coordinationRouter } from '../services/coordination/router.ts';
import { ordersRouter } from '../services/orders/router.ts';
import { JobRunner } from '../services/downloads/jobs.ts';
import { RELEASE_KIND, releaseJobKind } from '../services/orders/release.ts';
import { officeRouter } from '../services/office/router.ts';
import { wynikiRouter } from '../services/wyniki/router.ts';
import { zgloszeniaRouter } from '../services/zgloszenia/router.ts';

export function createApp(ctx: ServiceContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', 'loopback');
  app.use(requestLog(ctx.log));
  // Security (server/http/security.ts, auth.ts, availability.ts): headers and CORS first, then 503 at once while
  // the database is down, then who is calling (session cookie or API key), then the rate limits per key or address.
  const monitor = databaseMonitor(ctx.db, ctx.log);
  const auth = authenticator(credentialResolver(ctx.db, ctx.config, ctx.log));
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
  // One job runner per process: the extracts, and the release of paid orders (services/orders/release.ts).
  app.use(downloadsRouter(ctx, new JobRunner(ctx, { [RELEASE_KIND]: releaseJobKind(ctx) })));
  app.use(coordinationRouter(ctx));
  app.use(ordersRouter(ctx));
  app.use(officeRouter(ctx));
  app.use(wynikiRouter(ctx));
  app.use(zgloszeniaRouter(ctx));
  app.use(notFound);
  // Every error of every route and middleware: mapped, logged when it is ours, rendered once (server/http/errors.ts).
  app.use(errorHandler(ctx.log, monitor));
  return app;
}
