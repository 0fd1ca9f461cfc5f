// sqlmap (Debian package) against the WFS, OGC API and search parameters: level 1, risk 1, boolean/error/union
// techniques, bounded to a few minutes. `npm run security:sqlmap` runs the fuller scan by hand (scripts/sqlmap.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startApp, type TestApp } from '../support/app.ts';
import { SQLMAP_TARGETS, sqlmapArgs, sqlmapExploited, sqlmapFound } from '../../scripts/sqlmap-targets.ts';

let app: TestApp;
const out = mkdtempSync(path.join(tmpdir(), 'sip-sqlmap-'));
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); rmSync(out, { recursive: true, force: true }); });

describe('sqlmap', () => {
  for (const t of SQLMAP_TARGETS) {
    it(`finds no injection in ${t.name} (${t.params.join(', ')})`, { timeout: 300_000 }, async () => {
      // Asynchronously: the server answers from this same process.
      const { stdout } = await promisify(execFile)('sqlmap', sqlmapArgs(app.url + t.path, t.params, out, false), { maxBuffer: 64 * 1024 * 1024, timeout: 280_000 });
      expect(sqlmapExploited(stdout), stdout.slice(-3000)).toBe(false);
      if (t.queryLanguage) {
        // Boolean logic is the filter language's own; no SQL got through (see SqlmapTarget.queryLanguage).
        if (sqlmapFound(stdout)) expect(stdout).toMatch(/not able to fingerprint the back-end database/i);
      } else {
        expect(stdout).toMatch(/do not appear to be injectable|not injectable/i);
        expect(sqlmapFound(stdout), stdout.slice(-3000)).toBe(false);
      }
      // sqlmap did talk to the server (not an unreachable target).
      expect(stdout).not.toMatch(/unable to connect to the target URL|connection refused/i);
    });
  }
});
