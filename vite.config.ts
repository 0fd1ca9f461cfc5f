// The portal client (client/) is built by Vite into dist/client and served by the Express server;
// in development Vite's server proxies the service endpoints to the API server on port 3000.
import { defineConfig } from 'vite';

const API = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: 'client',
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: Object.fromEntries(['/health', '/ows', '/wms', '/wfs', '/ogcapi', '/tiles', '/api', '/3d'].map((p) => [p, API])),
  },
});
