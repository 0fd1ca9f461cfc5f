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
import { clientBuilt, clientRouter } from './client.ts';
import { catalogueRouter } from '../services/catalogue/router.ts';
import { searchRouter } from '../services/search/router.ts';

export function createApp(ctx: ServiceContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', 'loopback');
  app.use(requestLog(ctx.log));
  // The portal client when it is built; the plain service page otherwise (development, tests of the API alone).
  if (clientBuilt()) app.use(clientRouter());
  app.use(landingRouter());
  app.use(healthRouter(ctx.db));
  app.use(owsRouter(ctx));
  app.use(tilesRouter(ctx));
  app.use(catalogueRouter(ctx));
  app.use(searchRouter(ctx));
  app.use(ogcApiRouter(ctx, (text, lang, filterCrs) => parseCql2(text, lang, { filterCrs })));
  app.use(downloadsRouter(ctx));
  app.use(notFound);
  app.use(errorHandler(ctx.log));
  return app;
}
