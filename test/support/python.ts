// A Python for the client tests: the first python3 on PATH (may be a pyenv shim without Debian's packages), else
// Debian's /usr/bin/python3 — the one that can import the modules a test needs (OWSLib, geopandas, QGIS).
import { spawnSync } from 'node:child_process';

export function pythonWith(modules: readonly string[], install: string): string {
  const probe = modules.map((m) => `import ${m}`).join('; ');
  for (const candidate of ['python3', '/usr/bin/python3']) {
    if (spawnSync(candidate, ['-c', probe], { stdio: 'ignore' }).status === 0) return candidate;
  }
  throw new Error(`Python modules ${modules.join(', ')} not found: install ${install} (scripts/setup-debian.sh)`);
}
