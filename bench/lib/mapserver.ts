// The peer: MapServer 8 (Debian cgi-mapserver) as FastCGI workers under spawn-fcgi, behind nginx, all
// with generated configuration in a temp dir and serving the same PostGIS table as our service.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchLayer } from './dataset.ts';
import { layerFromWhere, quoteIdent } from './dataset.ts';
import { freePort, logTail, spawnChild, stopChild, stopPid, trackPid, waitForHttp, type Child } from './processes.ts';

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** MapServer's name of the mapfile in its config file's MAPS section. */
export const MAP_ALIAS = 'BENCH';

export interface Tools { mapserv: string; spawnFcgi: string; nginx: string }

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    const p = path.join(dir || '.', cmd);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function findTools(): { tools?: Tools; missing: string[] } {
  const mapserv = [process.env.MAPSERV, '/usr/lib/cgi-bin/mapserv', which('mapserv')].find((p): p is string => !!p && existsSync(p));
  const spawnFcgi = which('spawn-fcgi');
  const nginx = which('nginx');
  const missing = [!mapserv && 'mapserv (cgi-mapserver)', !spawnFcgi && 'spawn-fcgi', !nginx && 'nginx'].filter((m): m is string => !!m);
  return missing.length ? { missing } : { tools: { mapserv: mapserv!, spawnFcgi: spawnFcgi!, nginx: nginx! }, missing };
}

/** MapServer, spawn-fcgi and nginx; installs them with bench/setup-debian.sh when missing and allowed to. */
export function ensureTools(install: boolean): Tools {
  let found = findTools();
  if (found.tools) return found.tools;
  const script = path.join(BENCH_DIR, 'setup-debian.sh');
  if (!install) throw new Error(`missing: ${found.missing.join(', ')}. Install them with: sudo sh ${path.relative(process.cwd(), script)}`);
  console.log(`missing ${found.missing.join(', ')}: running ${path.relative(process.cwd(), script)}`);
  const r = spawnSync('sh', [script], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status}); install cgi-mapserver, mapserver-bin, spawn-fcgi and nginx yourself`);
  found = findTools();
  if (!found.tools) throw new Error(`still missing after ${script}: ${found.missing.join(', ')}`);
  return found.tools;
}

export function mapserverVersion(tools: Tools): string {
  const env = { ...process.env };
  delete env.QUERY_STRING;
  delete env.REQUEST_METHOD;
  const out = execFileSync(tools.mapserv, ['-v'], { encoding: 'utf8', env });
  return /MapServer version \S+/.exec(out)?.[0] ?? out.split('\n')[0]!.trim();
}

export function nginxVersion(tools: Tools): string {
  const r = spawnSync(tools.nginx, ['-v'], { encoding: 'utf8' });
  return (r.stderr || r.stdout).trim().replace(/^nginx version: /, '');
}

/** A mapfile string literal. */
export const str = (s: string): string => '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';

/** libpq key=value connection string from a postgres:// URL (what MapServer's CONNECTION takes). */
export function connInfo(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  if (!/^postgres(ql)?:$/.test(u.protocol)) throw new Error(`DATABASE_URL must be a postgres:// URL, got ${u.protocol}`);
  const kv = new Map<string, string>();
  if (u.hostname) kv.set('host', decodeURIComponent(u.hostname).replace(/^\[(.*)\]$/, '$1'));
  if (u.port) kv.set('port', u.port);
  const db = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (db) kv.set('dbname', db);
  if (u.username) kv.set('user', decodeURIComponent(u.username));
  if (u.password) kv.set('password', decodeURIComponent(u.password));
  for (const [k, v] of u.searchParams) kv.set(k, v); // host=/socket/dir, sslmode, …
  const q = (v: string) => (/^[\w./:@-]+$/.test(v) ? v : "'" + v.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'");
  return [...kv].map(([k, v]) => `${k}=${q(v)}`).join(' ');
}

const MS_TYPE: Record<string, { type: string; gml: string }> = {
  Point: { type: 'POINT', gml: 'point' },
  MultiPoint: { type: 'POINT', gml: 'multipoint' },
  LineString: { type: 'LINE', gml: 'line' },
  MultiLineString: { type: 'LINE', gml: 'multiline' },
  Polygon: { type: 'POLYGON', gml: 'polygon' },
  MultiPolygon: { type: 'POLYGON', gml: 'multipolygon' },
};

export interface MapfileParams {
  layer: BenchLayer;
  extent: [number, number, number, number];
  connection: string;
  onlineResource: string;
  errorFile: string;
  /** Count numberMatched on every GetFeature as ours does (MapServer's default is not to: "unknown"). */
  numberMatched: boolean;
}

/**
 * MapServer 8 mapfile: one WFS layer over the layer's table with the same public columns as our catalogue,
 * the key as gml:id, paging in SQL (LIMIT/OFFSET, stable by ORDER BY key in the sub-select), numberMatched
 * computed like ours (unless told otherwise), GeoJSON through OGR with 3 decimals like ours, GML 3.2 as WFS 2.0's default.
 */
export function mapfile(p: MapfileParams): string {
  const { spec, columns } = p.layer;
  const geom = spec.geometry.column;
  const select = [quoteIdent(spec.key), ...columns.map(quoteIdent), quoteIdent(geom)].join(', ');
  const data = `${geom} from (select ${select} ${layerFromWhere(spec)} order by ${quoteIdent(spec.key)}) as t using unique ${spec.key} using srid=2177`;
  const t = MS_TYPE[spec.geometry.type]!;
  const [x0, y0, x1, y1] = p.extent.map((v, i) => (i < 2 ? Math.floor(v) - 1 : Math.ceil(v) + 1));
  return `# Generated by bench/wfs.ts: MapServer side of the WFS benchmark.
MAP
  NAME "bench"
  EXTENT ${x0} ${y0} ${x1} ${y1}
  UNITS METERS
  SIZE 1024 1024
  CONFIG "MS_ERRORFILE" ${str(p.errorFile)}
  PROJECTION
    "init=epsg:2177"
  END
  WEB
    METADATA
      "wfs_enable_request" "*"
      "wfs_title" "SIP Poznań benchmark peer"
      "wfs_onlineresource" ${str(p.onlineResource)}
      "wfs_srs" "EPSG:2177 EPSG:4326"
      "wfs_getfeature_formatlist" "geojson"
      "wfs_compute_number_matched" "${p.numberMatched ? 'true' : 'false'}"
      "wfs_maxfeatures" "2000000"
      "wfs_namespace_prefix" ${str(spec.namespace)}
      "wfs_namespace_uri" ${str(`https://sip.poznan.pl/ns/${spec.namespace}`)}
    END
  END
  OUTPUTFORMAT
    NAME "geojson"
    DRIVER "OGR/GEOJSON"
    MIMETYPE "application/json"
    FORMATOPTION "STORAGE=stream"
    FORMATOPTION "FORM=SIMPLE"
    FORMATOPTION "LCO:COORDINATE_PRECISION=3"
  END
  LAYER
    NAME ${str(spec.name)}
    TYPE ${t.type}
    STATUS ON
    CONNECTIONTYPE POSTGIS
    CONNECTION ${str(p.connection)}
    DATA ${str(data)}
    PROCESSING "CLOSE_CONNECTION=DEFER"
    EXTENT ${x0} ${y0} ${x1} ${y1}
    PROJECTION
      "init=epsg:2177"
    END
    METADATA
      "wfs_title" ${str(spec.title.en)}
      "gml_include_items" ${str(columns.join(','))}
      "gml_featureid" ${str(spec.key)}
      "gml_types" "auto"
      "gml_geometries" ${str(geom)}
      "gml_${geom}_type" ${str(t.gml)}
      "wfs_use_default_extent_for_getfeature" "false"
    END
  END
END
`;
}

/** MapServer 8's config file: the mapfile under an alias, no mapfile paths in requests. */
export function mapserverConfig(mapfilePath: string, errorFile: string): string {
  return `CONFIG
  ENV
    MS_MAP_NO_PATH "1"
    MS_ERRORFILE ${str(errorFile)}
  END
  MAPS
    ${MAP_ALIAS} ${str(mapfilePath)}
  END
END
`;
}

export function nginxConfig(dir: string, port: number, socket: string): string {
  const tmp = path.join(dir, 'nginx-tmp');
  return `# Generated by bench/wfs.ts: nginx in front of MapServer's FastCGI workers.
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${tmp}/body;
  fastcgi_temp_path ${tmp}/fastcgi;
  proxy_temp_path ${tmp}/proxy;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  keepalive_timeout 75s;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${port};
    location / {
      fastcgi_pass unix:${socket};
      fastcgi_param QUERY_STRING $query_string;
      fastcgi_param REQUEST_METHOD $request_method;
      fastcgi_param CONTENT_TYPE $content_type;
      fastcgi_param CONTENT_LENGTH $content_length;
      fastcgi_param SCRIPT_NAME /;
      fastcgi_param REQUEST_URI $request_uri;
      fastcgi_param DOCUMENT_URI $document_uri;
      fastcgi_param SERVER_PROTOCOL $server_protocol;
      fastcgi_param GATEWAY_INTERFACE CGI/1.1;
      fastcgi_param REMOTE_ADDR $remote_addr;
      fastcgi_param SERVER_ADDR $server_addr;
      fastcgi_param SERVER_PORT $server_port;
      fastcgi_param SERVER_NAME $server_name;
      fastcgi_param HTTP_HOST $http_host;
      fastcgi_buffers 64 16k;
      fastcgi_max_temp_file_size 0;
      fastcgi_read_timeout 300s;
    }
  }
}
`;
}

export interface MapServerPeer {
  /** e.g. http://127.0.0.1:40123/?map=BENCH& (append KVP) */
  base: string;
  workers: number[];
  dir: string;
  stop(): Promise<void>;
  /** Last lines of MapServer's and nginx's error logs. */
  logs(): string;
}

/** What a generated mapfile may need to know: where it is served and where its errors and side files go. */
export interface MapfileContext { base: string; errorFile: string; dir: string; connection: string }

export async function startMapServer(o: {
  tools: Tools; dir: string; databaseUrl: string; workers: number;
  /** The WFS bench's mapfile: one layer over a table (used when `mapText` is not given). */
  layer?: BenchLayer; extent?: [number, number, number, number]; numberMatched?: boolean;
  /** Any other mapfile (e.g. bench/lib/wms-mapfile.ts), written from the served URL and the temp dir. */
  mapText?: (ctx: MapfileContext) => string;
  /** Request (KVP after the base) that must answer 200 before the peer is ready; WFS GetCapabilities by default. */
  probe?: string;
}): Promise<MapServerPeer> {
  const dir = path.join(o.dir, 'mapserver');
  mkdirSync(path.join(dir, 'nginx-tmp'), { recursive: true });
  chmodSync(o.dir, 0o711);
  chmodSync(dir, 0o711); // nginx workers (nobody when started as root) reach the socket; files stay private
  const port = await freePort();
  const socket = path.join(dir, 'mapserv.sock');
  const mapPath = path.join(dir, 'bench.map');
  const confPath = path.join(dir, 'mapserver.conf');
  const errorFile = path.join(dir, 'mapserver-error.log');
  const base = `http://127.0.0.1:${port}/?map=${MAP_ALIAS}&`;
  const connection = connInfo(o.databaseUrl);
  let text: string;
  if (o.mapText) text = o.mapText({ base, errorFile, dir, connection });
  else if (o.layer && o.extent) text = mapfile({ layer: o.layer, extent: o.extent, connection, onlineResource: base, errorFile, numberMatched: o.numberMatched ?? true });
  else throw new Error('startMapServer: give either mapText or layer and extent');
  writeFileSync(mapPath, text, { mode: 0o600 });
  writeFileSync(confPath, mapserverConfig(mapPath, errorFile), { mode: 0o600 });
  writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, port, socket));

  // spawn-fcgi forks the workers, daemonises them and exits; their pids are in the pid file.
  const pidFile = path.join(dir, 'spawn-fcgi.pid');
  const env = { ...process.env, MAPSERVER_CONFIG_FILE: confPath };
  const sf = spawnChild('spawn-fcgi', o.tools.spawnFcgi, ['-s', socket, '-M', '0666', '-F', String(o.workers), '-P', pidFile, '--', o.tools.mapserv],
    { env, logFile: path.join(dir, 'spawn-fcgi.log') });
  const code = await sf.exited;
  const workers = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split(/\s+/).filter(Boolean).map(Number) : [];
  for (const pid of workers) trackPid(pid, 'mapserv');
  if (code !== 0 || workers.length !== o.workers) throw new Error(`spawn-fcgi failed (exit ${code}, ${workers.length} workers):\n${logTail(sf.logFile)}`);

  let nginx: Child | undefined;
  const stop = async () => {
    if (nginx) await stopChild(nginx);
    await Promise.all(workers.map((pid) => stopPid(pid)));
  };
  try {
    nginx = spawnChild('nginx', o.tools.nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'nginx-error.log')],
      { logFile: path.join(dir, 'nginx.log') });
    await waitForHttp(`${base}${o.probe ?? 'SERVICE=WFS&REQUEST=GetCapabilities&VERSION=2.0.0'}`, nginx, 30_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\nnginx error log:\n${logTail(path.join(dir, 'nginx-error.log'))}\nMapServer error log:\n${logTail(errorFile)}`);
  }
  return {
    base, workers, dir, stop,
    logs: () => `MapServer error log:\n${logTail(errorFile)}\nnginx error log:\n${logTail(path.join(dir, 'nginx-error.log'))}`,
  };
}
