// The built web client (dist/client, made by `npm run build`): the landing page, one page per portal and the 3D
// view. Hashed assets are cached for a year; the HTML pages are revalidated so a new build is seen at once.
import express, { Router } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../config.ts';
import { PORTAL_IDS } from '../catalog/portals.ts';

export const CLIENT_DIR = path.join(ROOT_DIR, 'dist', 'client');

/** Whether a built client exists (else the plain landing page of http/landing.ts answers at /). */
export function clientBuilt(dir = CLIENT_DIR): boolean {
  return fs.existsSync(path.join(dir, 'index.html')) && fs.existsSync(path.join(dir, 'portal.html'));
}

export function clientRouter(dir = CLIENT_DIR): Router {
  const router = Router();
  const page = (file: string) => (_req: express.Request, res: express.Response) => {
    res.set('Cache-Control', 'no-cache').sendFile(path.join(dir, file));
  };
  router.get('/', page('index.html'));
  router.get('/portal/:id', (req, res, next) => {
    if (!(PORTAL_IDS as readonly string[]).includes(String(req.params.id))) return next();
    page('portal.html')(req, res);
  });
  if (fs.existsSync(path.join(dir, 'view3d.html'))) router.get('/widok-3d', page('view3d.html'));
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  return router;
}
