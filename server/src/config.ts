import { z } from 'zod';
import path from 'node:path';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A duration in milliseconds; 0 would switch the limit off, which these never allow. */
const ms = z.coerce.number().int().min(1, 'must be a positive number of milliseconds');
const count = z.coerce.number().int().min(1, 'must be a positive whole number');

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).max(320).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_URL: z.url({ message: 'must be an absolute http(s) URL' }).optional(),
  PROGRAM_TIMEZONE: z.string().default('UTC').refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
  SEED_DEMO: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
  TRUST_PROXY: bool.default(false),
  // HTTP limits (docs/operating.md): a slow or idle client cannot hold a connection for ever.
  HEADERS_TIMEOUT_MS: ms.default(10_000),
  REQUEST_TIMEOUT_MS: ms.default(30_000),
  KEEP_ALIVE_TIMEOUT_MS: ms.default(72_000),
  CONNECTION_TIMEOUT_MS: ms.default(90_000),
  MAX_CONNECTIONS: count.default(1000),
  MAX_REQUESTS_PER_SOCKET: z.coerce.number().int().min(0).default(0),
  // Database limits: a stuck or frozen PostgreSQL costs a request seconds, not minutes.
  DB_STATEMENT_TIMEOUT_MS: ms.default(5_000),
  DB_CONNECT_TIMEOUT_MS: ms.default(5_000),
  DB_WAIT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  // Media storage: files under DATA_DIR/media unless an S3-compatible store is named.
  S3_URL: z
    .string()
    .regex(/^https?:\/\/[^/]+\/[^/]+\/?$/, 'must look like http(s)://key:secret@host:port/bucket')
    .optional(),
  S3_ENDPOINT: z.url({ message: 'must be an absolute http(s) URL' }).optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  // Outgoing webhooks: private targets allowed by host[:port], and one attempt's time limit.
  WEBHOOK_ALLOW_HOSTS: z
    .string()
    .regex(/^\s*[\w.\-[\]:]+\s*(,\s*[\w.\-[\]:]+\s*)*,?\s*$/, 'must be a comma-separated list of host[:port]')
    .optional(),
  WEBHOOK_TIMEOUT_MS: ms.default(10_000),
  // Events API: requests per minute one API key may send to POST /api/events.
  EVENTS_RATE_LIMIT_PER_MINUTE: count.default(600),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  jwtSecret: string | undefined;
  /** Unset: emails are kept in the outbox table (status `stored`) and logged, never sent. */
  smtpUrl: string | undefined;
  /** The From header; unset: the program's name at hub@<PUBLIC_URL host>. */
  mailFrom: string | undefined;
  publicUrl: string;
  programTimezone: string;
  /** undefined: seed an empty database; true: seed even if not empty; false: never. */
  seedDemo: boolean | undefined;
  logLevel: string;
  trustProxy: boolean;
  secureCookies: boolean;
  http: HttpLimits;
  db: DatabaseLimits;
  media: MediaStorageConfig;
  webhooks: WebhooksConfig;
  /** Requests per minute one API key may send to POST /api/events. */
  eventsPerMinute: number;
}

/** Outgoing webhooks. */
export interface WebhooksConfig {
  /** `host[:port]` targets allowed although they are private or loopback (WEBHOOK_ALLOW_HOSTS). */
  allowHosts: string[];
  /** One delivery attempt's time limit. */
  timeoutMs: number;
}

/** Where uploaded media are kept: a folder, or an S3-compatible bucket (path-style addressing). */
export interface MediaStorageConfig {
  /** The folder for the local store (DATA_DIR/media). */
  dir: string;
  s3: S3Config | null;
}
export interface S3Config {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** Timeouts and caps of the HTTP server (Fastify and Node's http server). */
export interface HttpLimits {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way for this long is closed (a client that stops reading). */
  connectionTimeoutMs: number;
  /** Open connections at most; further ones are closed at once. */
  maxConnections: number;
  /** Requests one keep-alive connection may carry (0: no limit). */
  maxRequestsPerSocket: number;
}

/** Limits of the connection to PostgreSQL (see createDatabase). */
export interface DatabaseLimits {
  /** PostgreSQL's statement_timeout for the app's queries. */
  statementTimeoutMs: number;
  /** Time to open a connection or wait for a free one in the pool. */
  connectTimeoutMs: number;
  /** At start-up, how long to wait for a database that is not up yet (0: do not wait). */
  waitTimeoutMs: number;
}

export class ConfigError extends Error {}

/** Parse the environment. Throws ConfigError with one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset: `DATABASE_URL= pnpm start` means "use the embedded one".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const value = cleaned[name];
    const secret = [
      'JWT_SECRET',
      'DATABASE_URL',
      'SMTP_URL',
      'S3_URL',
      'S3_SECRET_ACCESS_KEY',
      'S3_ACCESS_KEY_ID',
    ].includes(name);
    const shown = secret ? '' : ` (got "${value}")`;
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}${shown}`);
  }
  const e = parsed.data;
  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      `Invalid configuration: HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS (got ${e.HEADERS_TIMEOUT_MS} > ${e.REQUEST_TIMEOUT_MS})`,
    );
  }
  const s3 = s3Config(e);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl,
    programTimezone: e.PROGRAM_TIMEZONE,
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    secureCookies: publicUrl.startsWith('https://'),
    http: {
      headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
      connectionTimeoutMs: e.CONNECTION_TIMEOUT_MS,
      maxConnections: e.MAX_CONNECTIONS,
      maxRequestsPerSocket: e.MAX_REQUESTS_PER_SOCKET,
    },
    db: {
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      waitTimeoutMs: e.DB_WAIT_TIMEOUT_MS,
    },
    media: { dir: path.join(path.resolve(e.DATA_DIR), 'media'), s3 },
    webhooks: {
      allowHosts: (e.WEBHOOK_ALLOW_HOSTS ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    },
    eventsPerMinute: e.EVENTS_RATE_LIMIT_PER_MINUTE,
  };
}

/** `S3_URL` (`http://key:secret@host:port/bucket`), else the separate `S3_*` variables, else none. */
function s3Config(e: z.infer<typeof EnvSchema>): S3Config | null {
  if (e.S3_URL) {
    const u = new URL(e.S3_URL);
    const bucket = decodeURIComponent(u.pathname.replace(/^\/|\/$/g, ''));
    if (!u.username || !u.password)
      throw new ConfigError(
        'Invalid configuration: S3_URL must carry the access key and secret (http://key:secret@host/bucket)',
      );
    return {
      endpoint: `${u.protocol}//${u.host}`,
      bucket,
      accessKeyId: decodeURIComponent(u.username),
      secretAccessKey: decodeURIComponent(u.password),
      region: e.S3_REGION,
    };
  }
  const given = [e.S3_ENDPOINT, e.S3_BUCKET, e.S3_ACCESS_KEY_ID, e.S3_SECRET_ACCESS_KEY];
  if (given.every((v) => v === undefined)) return null;
  if (!e.S3_BUCKET || !e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY)
    throw new ConfigError(
      'Invalid configuration: S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (S3_ENDPOINT for a store other than AWS)',
    );
  return {
    endpoint: (e.S3_ENDPOINT ?? `https://s3.${e.S3_REGION}.amazonaws.com`).replace(/\/+$/, ''),
    bucket: e.S3_BUCKET,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    region: e.S3_REGION,
  };
}
