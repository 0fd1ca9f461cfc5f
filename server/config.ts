// All run-time settings in one place, read once from the environment.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { DOWNLOAD_TERMS_SETTINGS, type DownloadTermsSetting } from './catalog/download-terms.ts';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Directory of the embedded database (PGlite persistence). */
  embeddedDir: string;
  /** Load the sample data set into an empty database at start (off in production). */
  loadSampleData: boolean;
  /** Directory of the sample data set (manifest.json, *.tsv.gz, GeoTIFFs). */
  sampleDataDir: string;
  /** Root of data files (rasters are resolved against the data set directory under it). */
  dataDir: string;
  poolSize: number;
  /** Connections for streamed results (WFS/OGC API pages, extracts), a separate budget beside poolSize. */
  streamPoolSize: number;
  /** How long a streamed request waits for one of them before it is answered 503 + Retry-After, ms. */
  streamWaitMs: number;
  /** Hot statements (tiles) kept prepared per connection; off behind a pooler that cannot keep them (PgBouncer < 1.21 in transaction mode). */
  preparedStatements: boolean;
  /** Per-statement timeout on the server, milliseconds. */
  statementTimeoutMs: number;
  /** Limit of one streamed result (a whole-layer download), milliseconds; 0 = none. */
  streamTimeoutMs: number;
  logLevel: string;
  /** How long graceful shutdown waits for in-flight requests, milliseconds. */
  shutdownGraceMs: number;
  limits: FeatureLimits;
  /** Accounts, sessions, rate limits (server/http/auth.ts, security.ts, services/portal). */
  security: SecurityConfig;
  /** HTTP worker processes (Node cluster) sharing the port; only with DATABASE_URL (PGlite is one process). */
  workers: number;
  /** Public base URL (behind a proxy); else taken from each request's Host. */
  publicUrl: string | undefined;
  /** The 3D service (/3d). */
  threed: ThreedSettings;
  /** Map sheets and data extracts (issue 7). */
  downloads: DownloadsConfig;
  /** Threads per process that draw and encode WMS maps (0 = on the event loop). */
  renderThreads: number;
  /** Limits of the WMS (services/wms). */
  wms: WmsLimits;
  /** The response cache of tiles, WMS maps and 3D (http/cache.ts). */
  cache: CacheSettings;
  /** Orders, DOO and the office's signing key (issue 17). */
  orders: OrdersConfig;
  /** Coordination cases of designed networks (issue 18): the parties' term for positions. */
  coordination: CoordinationConfig;
  /**
   * DOWNLOAD_TERMS: `tariff` (the law, default) — the download surfaces hand out to callers who are not office staff
   * only what is free by law (catalog/download-terms.ts); `open` — everything, for data that are not materials of the
   * geodetic resource (the synthetic sample data set).
   */
  downloadTerms: DownloadTermsSetting;
}

/**
 * COORDINATION_POSITION_DAYS: the working days the invited operators have to state their positions, counted from the
 * day after filing (cases/working-days.ts). The office's setting: the act (art. 28b Pgik) leaves the meeting's
 * timetable to the starosta, and this service does not cite a statutory term for it.
 */
export interface CoordinationConfig { positionDays: number }

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function positiveIntFrom(value: string | undefined, fallback: number, name: string): number {
  const n = intFrom(value, fallback, name);
  if (n < 1) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

/** WORKERS: a number, or "auto" for one per core. */
function workersFrom(value: string | undefined): number {
  if (value === 'auto') return Math.max(1, availableParallelism());
  return Math.max(1, intFrom(value, 1, 'WORKERS'));
}

function boolFrom(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedDir: path.resolve(ROOT_DIR, env.EMBEDDED_DB_DIR || 'var/pglite'),
    loadSampleData: boolFrom(env.LOAD_SAMPLE_DATA, true),
    sampleDataDir: path.resolve(ROOT_DIR, env.SAMPLE_DATA_DIR || 'data/sample'),
    dataDir: path.resolve(ROOT_DIR, 'data'),
    poolSize: intFrom(env.DB_POOL_SIZE, 10, 'DB_POOL_SIZE'),
    streamPoolSize: intFrom(env.DB_STREAM_POOL_SIZE, 0, 'DB_STREAM_POOL_SIZE') || Math.max(2, Math.floor(intFrom(env.DB_POOL_SIZE, 10, 'DB_POOL_SIZE') / 2)),
    streamWaitMs: intFrom(env.DB_STREAM_WAIT_MS, 10_000, 'DB_STREAM_WAIT_MS'),
    preparedStatements: boolFrom(env.DB_PREPARED_STATEMENTS, true),
    statementTimeoutMs: intFrom(env.STATEMENT_TIMEOUT_MS, 30_000, 'STATEMENT_TIMEOUT_MS'),
    streamTimeoutMs: intFrom(env.STREAM_TIMEOUT_MS, 30 * 60_000, 'STREAM_TIMEOUT_MS'),
    logLevel: env.LOG_LEVEL || 'info',
    shutdownGraceMs: intFrom(env.SHUTDOWN_GRACE_MS, 10_000, 'SHUTDOWN_GRACE_MS'),
    limits: loadFeatureLimits(env),
    security: loadSecurityConfig(env),
    workers: env.DATABASE_URL ? workersFrom(env.WORKERS) : 1,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    threed: loadThreedSettings(env),
    downloads: loadDownloadsConfig(env),
    renderThreads: renderThreadsFrom(env),
    wms: loadWmsLimits(env),
    cache: loadCacheSettings(env),
    orders: loadOrdersConfig(env),
    coordination: { positionDays: positiveIntFrom(env.COORDINATION_POSITION_DAYS, 10, 'COORDINATION_POSITION_DAYS') },
    downloadTerms: downloadTermsFrom(env.DOWNLOAD_TERMS),
  };
}

function downloadTermsFrom(value: string | undefined): DownloadTermsSetting {
  if (value === undefined || value === '') return 'tariff';
  const v = value.toLowerCase();
  if (!(DOWNLOAD_TERMS_SETTINGS as readonly string[]).includes(v)) throw new Error(`DOWNLOAD_TERMS must be one of ${DOWNLOAD_TERMS_SETTINGS.join(', ')}, got "${value}"`);
  return v as DownloadTermsSetting;
}

/**
 * RENDER_THREADS: map drawing threads per process; unset or "auto" = the cores divided among the WORKERS
 * processes (at least 1); 0 = draw on the event loop (blocks other requests while a big map is painted).
 */
export function renderThreadsFrom(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.RENDER_THREADS;
  if (v === undefined || v === '' || v === 'auto') {
    const workers = env.DATABASE_URL ? workersFrom(env.WORKERS) : 1;
    return Math.max(1, Math.ceil(availableParallelism() / workers));
  }
  return intFrom(v, 1, 'RENDER_THREADS');
}

/** RENDER_THREAD_IDLE_MS: a render thread beyond the first ends after this long without work (its memory returned). */
export function renderThreadIdleMsFrom(env: NodeJS.ProcessEnv = process.env): number {
  return intFrom(env.RENDER_THREAD_IDLE_MS, 30_000, 'RENDER_THREAD_IDLE_MS') || 30_000;
}

/**
 * GLYPH_CACHE_RANGES: glyph ranges (SDF PBFs of 256 code points, 30–100 kB each) kept per process, in each of the
 * three places that hold them (drawn in a render thread, handed out, gzipped). Unbounded, a client walking every
 * range of every font stack (4 × 256) kept several hundred MB resident (issue 14); labels of Polish text use a few.
 */
export function glyphCacheRangesFrom(env: NodeJS.ProcessEnv = process.env): number {
  return Math.max(1, intFrom(env.GLYPH_CACHE_RANGES, 64, 'GLYPH_CACHE_RANGES'));
}

/** Limits of the feature services (WFS, OGC API). */
export interface FeatureLimits {
  /** Most features one request may return (advertised as CountDefault). */
  maxFeatures: number;
  /** Default page size of OGC API items. */
  defaultLimit: number;
  /**
   * The page size OGC API next links carry when the client asked for less (GDAL 3.6's OAPIF driver asks for 10
   * and then only follows next links): the server's preferred page for clients that page to the end.
   */
  preferredPageSize: number;
}

export function loadFeatureLimits(env: NodeJS.ProcessEnv = process.env): FeatureLimits {
  return {
    maxFeatures: intFrom(env.WFS_MAX_FEATURES, 10_000, 'WFS_MAX_FEATURES') || 10_000,
    defaultLimit: intFrom(env.OGCAPI_DEFAULT_LIMIT, 100, 'OGCAPI_DEFAULT_LIMIT') || 100,
    preferredPageSize: intFrom(env.OGCAPI_PAGE_SIZE, 1000, 'OGCAPI_PAGE_SIZE') || 1000,
  };
}

/** Limits of the WMS. */
export interface WmsLimits {
  /** Largest WIDTH and HEIGHT of a map or legend, pixels (advertised as MaxWidth/MaxHeight). */
  maxSize: number;
  /** Largest FEATURE_COUNT of GetFeatureInfo. */
  maxFeatureInfo: number;
}

export function loadWmsLimits(env: NodeJS.ProcessEnv = process.env): WmsLimits {
  return {
    maxSize: positiveIntFrom(env.WMS_MAX_SIZE, 4096, 'WMS_MAX_SIZE'),
    maxFeatureInfo: positiveIntFrom(env.WMS_MAX_FEATURE_INFO, 50, 'WMS_MAX_FEATURE_INFO'),
  };
}

/** The in-memory response cache. */
export interface CacheSettings {
  /** Bytes of response bodies kept in memory; 0 disables the in-memory cache (validators still work). */
  maxBytes: number;
  /** The data version is read at most this often, milliseconds. */
  pollMs: number;
}

export function loadCacheSettings(env: NodeJS.ProcessEnv = process.env): CacheSettings {
  const raw = env.TILE_CACHE_MB;
  const mb = raw === undefined || raw === '' ? 64 : Number(raw);
  if (!Number.isFinite(mb) || mb < 0) throw new Error(`TILE_CACHE_MB must be a non-negative number, got "${raw}"`);
  return { maxBytes: Math.floor(mb * 1024 * 1024), pollMs: 1_000 };
}

/** Accounts and hardening settings. */
export interface SecurityConfig {
  /** Secure cookies: 'auto' = when the request came over https (or PUBLIC_URL is https); true/false to force. */
  cookieSecure: 'auto' | boolean;
  /** Secret of the CSRF tokens; unset = one generated once and kept in portal.ustawienia (shared by every host). */
  sessionSecret: string | undefined;
  /** A session ends this long after its last use, hours. */
  sessionIdleHours: number;
  /** and at the latest this long after login, hours. */
  sessionMaxHours: number;
  /** How long a worker may reuse a resolved session or key before asking the database again, milliseconds. */
  authCacheMs: number;
  /** Requests per minute per client address (anonymous and session callers); 0 = no limit. */
  rateLimitPerMinute: number;
  /** Requests per minute per API key; 0 = no limit. */
  rateLimitKeyPerMinute: number;
  /** Addresses never rate-limited (the machine itself: health checks, benchmarks). */
  rateLimitAllowlist: readonly string[];
  /**
   * Password verifications per account in 15 minutes (reserved atomically, login and e-mail alike) before the account
   * refuses further attempts; and failed logins per address in 15 minutes before its answers are delayed (0.5 s
   * doubling, at most 15 s: an address is slowed down, never locked out).
   */
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerAddress: number;
  /** Development/test mail delivery: e-mails (password reset links) written as files into this directory. */
  mailOutboxDir: string | undefined;
  /** Create this administrator at start if no administrator exists (ADMIN_LOGIN, ADMIN_EMAIL, ADMIN_PASSWORD). */
  bootstrapAdmin: { login: string; email: string; password: string } | undefined;
  /** Development: write password reset links to the log when no mail delivery is configured. */
  logResetLinks: boolean;
}

export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const secure = (env.COOKIE_SECURE ?? 'auto').toLowerCase();
  const admin = env.ADMIN_LOGIN && env.ADMIN_PASSWORD
    ? { login: env.ADMIN_LOGIN, email: env.ADMIN_EMAIL || `${env.ADMIN_LOGIN}@localhost.invalid`, password: env.ADMIN_PASSWORD }
    : undefined;
  return {
    cookieSecure: secure === 'auto' ? 'auto' : boolFrom(secure, true),
    sessionSecret: env.SESSION_SECRET || undefined,
    sessionIdleHours: intFrom(env.SESSION_IDLE_HOURS, 8, 'SESSION_IDLE_HOURS') || 8,
    sessionMaxHours: intFrom(env.SESSION_MAX_HOURS, 72, 'SESSION_MAX_HOURS') || 72,
    authCacheMs: intFrom(env.AUTH_CACHE_MS, 5_000, 'AUTH_CACHE_MS'),
    rateLimitPerMinute: intFrom(env.RATE_LIMIT_PER_MINUTE, 1_200, 'RATE_LIMIT_PER_MINUTE'),
    rateLimitKeyPerMinute: intFrom(env.RATE_LIMIT_KEY_PER_MINUTE, 6_000, 'RATE_LIMIT_KEY_PER_MINUTE'),
    rateLimitAllowlist: (env.RATE_LIMIT_ALLOWLIST ?? '127.0.0.1,::1,::ffff:127.0.0.1').split(',').map((s) => s.trim()).filter(Boolean),
    loginMaxFailuresPerAccount: intFrom(env.LOGIN_MAX_FAILURES, 5, 'LOGIN_MAX_FAILURES') || 5,
    loginMaxFailuresPerAddress: intFrom(env.LOGIN_MAX_FAILURES_PER_IP, 10, 'LOGIN_MAX_FAILURES_PER_IP') || 10,
    mailOutboxDir: env.MAIL_OUTBOX_DIR ? path.resolve(ROOT_DIR, env.MAIL_OUTBOX_DIR) : undefined,
    bootstrapAdmin: admin,
    logResetLinks: env.NODE_ENV !== 'production' && boolFrom(env.LOG_RESET_LINKS, true),
  };
}

/** Map sheets and data extracts: where files go, how long they live, how many jobs run, the limits. */
export interface DownloadsConfig {
  /** Directory of prepared files. */
  dir: string;
  /** Hours a prepared file stays downloadable. */
  expiryHours: number;
  /** Jobs run at once in one server process. */
  concurrency: number;
  /** Most features of one extract (all layers together). */
  maxFeatures: number;
  /** Extracts up to this many features are also answered synchronously (GET /api/extract). */
  syncMaxFeatures: number;
  /** Largest extract area in km² for anonymous callers and for signed-in roles. */
  maxAreaKm2Anonymous: number;
  maxAreaKm2: number;
  /** Most sheets per request of the sheet index, and in one extract by sheets. */
  maxSheets: number;
  /** Highest resolution of a map sheet image. */
  maxDpi: number;
  /** Downloads (extracts, map sheets, job files) one client may run at once; more get 429 + Retry-After. */
  perClient: number;
  /** Seconds without a heartbeat after which a running job is taken to be orphaned (its process died) and resumed. */
  staleSeconds: number;
  /** Seconds between the runners' sweeps (expired files, and each kind's own: e.g. paid orders not yet released). */
  sweepSeconds: number;
}

function numberFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${value}"`);
  return n;
}

export function loadDownloadsConfig(env: NodeJS.ProcessEnv = process.env): DownloadsConfig {
  return {
    dir: path.resolve(ROOT_DIR, env.DOWNLOADS_DIR || 'var/downloads'),
    expiryHours: numberFrom(env.DOWNLOADS_EXPIRY_HOURS, 24, 'DOWNLOADS_EXPIRY_HOURS'),
    concurrency: Math.max(1, intFrom(env.DOWNLOADS_CONCURRENCY, 2, 'DOWNLOADS_CONCURRENCY')),
    maxFeatures: intFrom(env.DOWNLOADS_MAX_FEATURES, 500_000, 'DOWNLOADS_MAX_FEATURES') || 500_000,
    syncMaxFeatures: intFrom(env.DOWNLOADS_SYNC_MAX_FEATURES, 20_000, 'DOWNLOADS_SYNC_MAX_FEATURES'),
    maxAreaKm2Anonymous: numberFrom(env.DOWNLOADS_MAX_AREA_KM2_ANONYMOUS, 4, 'DOWNLOADS_MAX_AREA_KM2_ANONYMOUS'),
    maxAreaKm2: numberFrom(env.DOWNLOADS_MAX_AREA_KM2, 25, 'DOWNLOADS_MAX_AREA_KM2'),
    maxSheets: intFrom(env.DOWNLOADS_MAX_SHEETS, 2_000, 'DOWNLOADS_MAX_SHEETS') || 2_000,
    maxDpi: intFrom(env.DOWNLOADS_MAX_DPI, 300, 'DOWNLOADS_MAX_DPI') || 300,
    perClient: intFrom(env.DOWNLOADS_PER_CLIENT, 3, 'DOWNLOADS_PER_CLIENT') || 3,
    staleSeconds: numberFrom(env.DOWNLOADS_STALE_SECONDS, 60, 'DOWNLOADS_STALE_SECONDS'),
    sweepSeconds: numberFrom(env.DOWNLOADS_SWEEP_SECONDS, 60, 'DOWNLOADS_SWEEP_SECONDS'),
  };
}

/** Settings of the 3D service (/3d): tiling, heights, compression. */
export interface ThreedSettings {
  /** Side of a 3D tile in metres (EPSG:2177). */
  tileSizeM: number;
  /** Height anomaly ζ of the quasigeoid at the city (ellipsoidal = normal height + ζ), metres. */
  heightAnomalyM: number;
  /** meshopt compression of the GLB contents. */
  meshopt: boolean;
}

export function loadThreedSettings(env: NodeJS.ProcessEnv = process.env): ThreedSettings {
  const raw = env.THREED_HEIGHT_ANOMALY_M;
  const anomaly = raw === undefined || raw === '' ? 34.0 : Number(raw);
  if (!Number.isFinite(anomaly)) throw new Error(`THREED_HEIGHT_ANOMALY_M must be a number, got "${raw}"`);
  return {
    tileSizeM: Math.max(100, intFrom(env.THREED_TILE_SIZE_M, 1000, 'THREED_TILE_SIZE_M')),
    heightAnomalyM: anomaly,
    meshopt: boolFrom(env.THREED_MESHOPT, true),
  };
}

/** Orders of materials (issue 17): the office as the DOO names it, its bank account, the payment term, the signing key. */
export interface OrdersConfig {
  /** The office issuing DOO and licences (name and address as printed). */
  officeName: string;
  officeAddress: string;
  /** The account fees are paid to (NRB, 26 digits; checked with the IBAN check digits). */
  bankAccount: string;
  /** Days from the DOO to the payment term; an order unpaid after it lapses (wygasłe). */
  paymentDays: number;
  /**
   * Days a released order's files stay downloadable (then 410 Gone and the files are removed). 30 by default: a
   * whole month, room for a payment matched days after it was made, holidays and a second download, while files
   * with owners' data are not kept on the server longer than their purpose needs (RODO art. 5 ust. 1 lit. e) and a
   * wypis or map does not linger as a copy of the register long after the date it states.
   */
  releaseDays: number;
  /** PKCS#12 file with the office's key and certificate for PAdES signatures; unset = a generated development one. */
  signingP12: string | undefined;
  signingP12Password: string;
  /** Where the generated development certificate is kept (so every worker and restart signs with the same one). */
  devCertDir: string;
  /** Online payment by PayU's REST API (PAYU_URL and the POS's keys); unset = transfers only. */
  payu: { url: string; posId: string; clientId: string; clientSecret: string; secondKey: string } | undefined;
}

/** Whether a Polish account number (NRB, 26 digits, spaces allowed) has valid IBAN check digits (ISO 13616, mod 97). */
export function isValidNrb(value: string): boolean {
  const digits = value.replace(/\s+/g, '').replace(/^PL/i, '');
  if (!/^\d{26}$/.test(digits)) return false;
  const rearranged = digits.slice(2) + '2521' + digits.slice(0, 2); // P = 25, L = 21
  let rest = 0;
  for (const ch of rearranged) rest = (rest * 10 + Number(ch)) % 97;
  return rest === 1;
}

export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  // The default account is a made-up development number with valid check digits; production sets its own.
  const bankAccount = (env.OFFICE_BANK_ACCOUNT || '16 1020 4027 0000 1234 5678 9012').trim();
  if (!isValidNrb(bankAccount)) throw new Error(`OFFICE_BANK_ACCOUNT must be a 26-digit NRB with valid check digits, got "${bankAccount}"`);
  return {
    officeName: env.OFFICE_NAME || 'Zarząd Geodezji i Katastru Miejskiego GEOPOZ',
    officeAddress: env.OFFICE_ADDRESS || 'ul. Gronowa 20, 61-655 Poznań',
    bankAccount,
    paymentDays: Math.max(1, intFrom(env.ORDERS_PAYMENT_DAYS, 14, 'ORDERS_PAYMENT_DAYS')),
    releaseDays: numberFrom(env.ORDERS_RELEASE_DAYS, 30, 'ORDERS_RELEASE_DAYS'),
    signingP12: env.OFFICE_SIGNING_P12 ? path.resolve(ROOT_DIR, env.OFFICE_SIGNING_P12) : undefined,
    signingP12Password: env.OFFICE_SIGNING_P12_PASSWORD ?? '',
    devCertDir: path.resolve(ROOT_DIR, env.OFFICE_DEV_CERT_DIR || 'var/signing'),
    payu: env.PAYU_URL ? {
      url: env.PAYU_URL.replace(/\/+$/, ''), posId: env.PAYU_POS_ID ?? '', clientId: env.PAYU_CLIENT_ID ?? env.PAYU_POS_ID ?? '',
      clientSecret: env.PAYU_CLIENT_SECRET ?? '', secondKey: env.PAYU_SECOND_KEY ?? '',
    } : undefined,
  };
}
