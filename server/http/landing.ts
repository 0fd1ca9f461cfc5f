// The landing page until the portal client is built: what this service is and where its endpoints are.
import { Router } from 'express';

const PAGE = `<!doctype html>
<html lang="pl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SIP Poznań – otwarte dane przestrzenne</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f6f7f9; }
  header { background: #003b71; color: #fff; padding: 1.5rem 2rem; }
  header h1 { margin: 0; font-size: 1.6rem; }
  main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 2rem; }
  a { color: #0b4f9c; }
  code { background: #e8ebef; padding: 0 .25em; border-radius: 3px; }
  li { margin: .3rem 0; }
</style>
</head>
<body>
<header><h1>SIP Poznań</h1><p>System Informacji Przestrzennej i e-usługi geodezyjne miasta Poznania</p></header>
<main>
  <p>Otwarte usługi danych przestrzennych: ewidencja gruntów i budynków (EGiB), sieci uzbrojenia terenu (GESUT),
     budynki 3D, budynki projektowane, inwentaryzacja zieleni, modele wysokościowe NMT/NMPT. Układ współrzędnych
     PL-2000 strefa 6 (EPSG:2177), wysokości PL-EVRF2007-NH.</p>
  <h2>Usługi</h2>
  <ul>
    <li><a href="/ogcapi?f=html"><code>/ogcapi</code></a> – OGC API – Features (kolekcje, obiekty, filtry CQL2, OpenAPI)</li>
    <li><a href="/ows?SERVICE=WFS&amp;REQUEST=GetCapabilities"><code>/ows?SERVICE=WFS</code></a> – WFS 2.0.0 / 1.1.0 (GML 3.2, GeoJSON, CSV)</li>
    <li><a href="/ows?SERVICE=WMS&amp;REQUEST=GetCapabilities"><code>/ows?SERVICE=WMS</code></a> – WMS 1.3.0 / 1.1.1 (mapa zasadnicza, legenda, informacja o obiekcie)</li>
    <li><a href="/health"><code>/health</code></a> – stan usługi i bazy danych, liczba obiektów</li>
  </ul>
</main>
</body>
</html>`;

export function landingRouter(): Router {
  const router = Router();
  router.get('/', (_req, res) => { res.type('html').send(PAGE); });
  return router;
}
