// The portal client (client/) is built by Vite into dist/client and served by the Express server
// (server/http/client.ts); in development Vite's server proxies the service endpoints to the API server.
import { defineConfig } from 'vite';
import path from 'node:path';

const API = process.env.API_URL ?? 'http://localhost:3000';
const CLIENT = path.resolve(import.meta.dirname, 'client');

export default defineConfig({
  root: 'client',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    // One HTML page per kind of view: the landing page, a portal (2D map), the 3D city view.
    rollupOptions: {
      input: {
        index: path.join(CLIENT, 'index.html'),
        portal: path.join(CLIENT, 'portal.html'),
        view3d: path.join(CLIENT, 'view3d.html'),
      },
      // MapLibre and three.js in chunks of their own: cached across releases, and the page budget is counted apart.
      output: {
        manualChunks: (id: string) => (id.includes('node_modules/maplibre-gl') ? 'maplibre' : id.includes('node_modules/three') ? 'three' : undefined),
      },
    },
  },
  server: {
    proxy: Object.fromEntries(['/health', '/ows', '/wms', '/wfs', '/ogcapi', '/tiles', '/api', '/3d', '/konto', '/admin']
      .map((p) => [p, API])),
  },
});
