import crypto from 'node:crypto';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type http from 'node:http';
import Fastify, {
  LogController,
  type FastifyHttpOptions,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { ErrorCode, MEDIA_MAX_PDF_BYTES } from '@advocate-hub/shared';
import type { Config, HttpLimits } from './config.js';
import type { Database } from './db/client.js';
import { accessPlugin, type PolicyTable } from './platform/access.js';
import { originPlugin } from './platform/origin.js';
import { inputPlugin } from './platform/input.js';
import { policy } from './policy.js';
import { frameworkErrors, registerErrorHandler } from './platform/error-handler.js';
import { installMarkdownSanitiser } from './platform/markdown.js';
import { authPlugin } from './modules/auth/auth.plugin.js';
import { DEFAULT_AUTH_SETTINGS, type AuthSettings } from './modules/auth/auth.service.js';
import { authRoutes, DEFAULT_RATE_LIMITS, type AuthRateLimits } from './modules/auth/auth.routes.js';
import { membersAdminRoutes, membersMeRoutes } from './modules/members/members.routes.js';
import { MembersService } from './modules/members/members.service.js';
import { invitesRoutes } from './modules/invites/invites.routes.js';
import { InvitesService } from './modules/invites/invites.service.js';
import { joinCodesRoutes } from './modules/join-codes/join-codes.routes.js';
import { JoinCodesService } from './modules/join-codes/join-codes.service.js';
import { programRoutes } from './modules/program/program.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { overviewRoutes } from './modules/overview/overview.routes.js';
import { analyticsRoutes } from './modules/analytics/analytics.routes.js';
import { AnalyticsService } from './modules/analytics/analytics.service.js';
import { subscribeAnalytics } from './modules/analytics/analytics.events.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { EventBus } from './platform/events.js';
import { DefinitionCache } from './platform/cache.js';
import { ChallengesAdminService } from './modules/challenges/challenges.service.js';
import { challengesRoutes } from './modules/challenges/challenges.routes.js';
import { CompletionsService } from './modules/completions/completions.service.js';
import { completionsRoutes } from './modules/completions/completions.routes.js';
import { LedgerService } from './modules/ledger/ledger.service.js';
import { ledgerRoutes } from './modules/ledger/ledger.routes.js';
import { levelsRoutes } from './modules/levels/levels.routes.js';
import { groupsRoutes } from './modules/groups/groups.routes.js';
import { segmentsRoutes } from './modules/segments/segments.routes.js';
import { SegmentsService } from './modules/segments/segments.service.js';
import { referencesRoutes } from './modules/references/references.routes.js';
import { ReferencesService } from './modules/references/references.service.js';
import { CoverageService } from './modules/references/coverage.service.js';
import { rewardsRoutes } from './modules/rewards/rewards.routes.js';
import { RewardsService } from './modules/rewards/rewards.service.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { subscribeNotifications } from './modules/notifications/notifications.service.js';
import { BadgesService } from './modules/badges/badges.service.js';
import { badgesRoutes } from './modules/badges/badges.routes.js';
import { OutboxRelay, type RelayOptions } from './modules/outbox/outbox.relay.js';
import { UnitOfWork } from './modules/outbox/unit-of-work.js';
import { LeaderboardEngine } from './modules/leaderboards/engine/engine.js';
import { LeaderboardsService } from './modules/leaderboards/leaderboards.service.js';
import { leaderboardsRoutes } from './modules/leaderboards/leaderboards.routes.js';
import { realtimePlugin } from './realtime/realtime.js';
import { CommunityService } from './modules/community/community.service.js';
import { ModerationService } from './modules/community/moderation.service.js';
import { communityRoutes } from './modules/community/community.routes.js';
import { subscribeCommunity } from './modules/community/community.events.js';
import { EmailQueue, type EmailQueueOptions } from './modules/email/email.queue.js';
import { smtpTransport } from './modules/email/email.transport.js';
import { EmailService } from './modules/email/email.service.js';
import { DigestService } from './modules/email/email.digest.js';
import { subscribeEmail } from './modules/email/email.events.js';
import { emailRoutes } from './modules/email/email.routes.js';
import { AccountService, DEFAULT_ACCOUNT_SETTINGS, type AccountSettings } from './modules/auth/account.service.js';
import { accountRoutes, DEFAULT_ACCOUNT_RATE_LIMITS, type AccountRateLimits } from './modules/auth/account.routes.js';
import { MediaService } from './modules/media/media.service.js';
import { mediaRoutes } from './modules/media/media.routes.js';
import { createMediaStore, type MediaStore } from './modules/media/media.storage.js';
import { homeRoutes } from './modules/home/home.routes.js';
import { HomeService } from './modules/home/home.service.js';
import { subscribeHome } from './modules/home/home.events.js';
import { ReferralsService } from './modules/referrals/referrals.service.js';
import { referralsRoutes } from './modules/referrals/referrals.routes.js';
import { IntegrationsService } from './modules/integrations/integrations.service.js';
import { integrationsRoutes } from './modules/integrations/integrations.routes.js';
import { WebhookQueue, type WebhookQueueOptions } from './modules/webhooks/webhooks.queue.js';
import { WebhooksService } from './modules/webhooks/webhooks.service.js';
import { subscribeWebhooks } from './modules/webhooks/webhooks.events.js';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.js';
import { SsoService } from './modules/sso/sso.service.js';
import { ssoRoutes } from './modules/sso/sso.routes.js';
import { ScimService } from './modules/scim/scim.service.js';
import { scimNotFound, scimRoutes, SCIM_PREFIX } from './modules/scim/scim.routes.js';
import { ScimGroupsService } from './modules/scim/scim.groups.js';
import { EventsService } from './modules/events/events.service.js';
import { eventsRoutes } from './modules/events/events.routes.js';
import { ImportsService } from './modules/imports/imports.service.js';
import { importsRoutes } from './modules/imports/imports.routes.js';

export const VERSION = '0.1.0';

export interface BuildOptions {
  config: Config;
  database: Database;
  jwtSecret: string;
  embedded?: boolean;
  logger?: FastifyServerOptions['logger'];
  auth?: Partial<AuthSettings>;
  rateLimits?: Partial<AuthRateLimits>;
  /** Folder of the built SPA; defaults to web/dist when it exists. `false` serves no SPA. */
  webDist?: string | false;
  /** The time source of the engine (tests move it across days and DST changes). */
  clock?: () => Date;
  /** Who may call each route; defaults to the modules' policy tables (tests add routes of their own). */
  policy?: PolicyTable;
  /** The outbox relay's worker (tests shorten its delays or keep it stopped). */
  outbox?: Partial<RelayOptions>;
  /** The email queue's worker (tests shorten its retries and sweeps, or keep it stopped). */
  email?: Partial<EmailQueueOptions>;
  /** The webhooks worker (tests compress the retry schedule, allow local receivers, or keep it stopped). */
  webhooks?: Partial<WebhookQueueOptions>;
  /** Password reset and email change: link lifetimes and per-IP caps. */
  account?: { settings?: Partial<AccountSettings>; limits?: Partial<AccountRateLimits> };
  /** How often sanctions whose end passed are lifted (ms; default 30 s). */
  sanctionSweepMs?: number;
  /** Requests per minute one API key may send to POST /api/events (default: the config's). */
  eventsPerMinute?: number;
  /** How often referral payouts whose hold period ended are paid (ms; default 60 s). */
  referralSweepMs?: number;
  /** socket.io pacing (tests check sessions more often). */
  realtime?: { coalesceMs?: number; sweepMs?: number };
  /** Where uploads are kept; defaults to the configured store (DATA_DIR/media or S3). */
  mediaStore?: MediaStore;
}

declare module 'fastify' {
  interface FastifyInstance {
    bus: EventBus;
    referrals: ReferralsService;
    outbox: OutboxRelay;
    email: EmailService;
    leaderboards: LeaderboardsService;
    webhookQueue: WebhookQueue;
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Cache-Control of the built SPA's content-hashed files (web/dist/assets/). */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function defaultWebDist(): string | false {
  const candidates = [path.resolve(here, '../../web/dist'), path.resolve(process.cwd(), 'web/dist')];
  return candidates.find((c) => existsSync(path.join(c, 'index.html'))) ?? false;
}

/** Keeps secrets out of logs: invite tokens travel in URLs. */
function redactUrl(url: string): string {
  return url.replace(/(\/invites?\/)[^/?#]+/g, '$1[redacted]');
}

/**
 * One log line per request, when it is answered, naming the request (method, url) and the answer
 * (status, time), instead of Fastify's two (“incoming request”, then “request completed”).
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error)
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    // Labels ("info"), like the lines written before the server starts (main.ts, boot.ts).
    formatters: { level: (label: string) => ({ level: label }) },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.accessToken',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(req: { method: string; url: string; ip?: string; id?: string }) {
        return { method: req.method, url: redactUrl(req.url), remoteAddress: req.ip };
      },
    },
  };
}

/**
 * Timeouts of the HTTP server, so that slow or stalled clients (slowloris) cannot hold connections
 * and memory for ever. Node checks header and request deadlines every `connectionsCheckingInterval`,
 * so that interval follows the shorter of the two.
 */
export function httpServerOptions(limits: HttpLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
  } satisfies FastifyHttpOptions<http.Server>;
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config, database } = opts;
  const db = database.db;
  const app = Fastify({
    logger: opts.logger ?? loggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : crypto.randomUUID();
    },
    bodyLimit: 1024 * 1024,
    logController: new OneLinePerRequest(),
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors,
    ...httpServerOptions(config.http),
  });
  app.server.maxConnections = config.http.maxConnections;
  app.setValidatorCompiler(validatorCompiler);
  installMarkdownSanitiser(); // the contracts' markdown() fields drop raw HTML as requests are parsed
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // 1. External plugins.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    hsts: config.secureCookies,
  });
  await app.register(fastifyRateLimit, { global: false, keyGenerator: (req) => req.ip });
  // Uploads: one file per request; routes set tighter limits by purpose and stop reading past them.
  await app.register(fastifyMultipart, {
    limits: { fileSize: MEDIA_MAX_PDF_BYTES + 1, files: 1, fields: 4, parts: 5, headerPairs: 50 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Advocate Hub API',
        version: VERSION,
        description:
          'Gamified customer-advocate hub. Errors are `{error:{code,message,details?}}`. Authenticate with the session cookie set by `POST /api/auth/login`, or with `Authorization: Bearer <token>` from `POST /api/auth/token`. ' +
          'Access is decided before the request is validated: a caller without access gets 401 `auth.required` or 403 `auth.forbidden`, never a validation error. ' +
          'Requests that change state without a Bearer token must come from the hub itself: a browser `Origin` other than the hub’s or `Sec-Fetch-Site: same-site|cross-site` is refused with 403 `request.cross_origin`, and their bodies must be `application/json` (else 415 `request.unsupported_media_type`). ' +
          'Signing out, suspension and a detected refresh-token reuse end a session at once: its access tokens answer 401 `auth.session_ended`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'ah_at' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // 2. App plugins.
  registerErrorHandler(app, { writes: database.writes });
  // A write that went through clears an earlier "cannot write" mark at once (see /api/health).
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode < 400 && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) database.writes.succeeded();
  });
  await app.register(originPlugin, { publicUrl: config.publicUrl });
  await app.register(accessPlugin, { policy: opts.policy ?? policy });
  await app.register(inputPlugin);
  // Program definitions read on hot paths (levels, badges, challenges), cleared by their writes.
  const cache = new DefinitionCache();
  await app.register(authPlugin, {
    db,
    cache,
    secret: opts.jwtSecret,
    secureCookies: config.secureCookies,
    settings: { ...DEFAULT_AUTH_SETTINGS, ...opts.auth },
  });

  // 3. Routes.
  const limits = { ...DEFAULT_RATE_LIMITS, ...opts.rateLimits };
  await app.register(healthRoutes, {
    database,
    embedded: opts.embedded ?? false,
    version: VERSION,
    sockets: () => app.realtime?.io.of('/').sockets.size ?? 0,
  });
  await app.register(authRoutes, { limits });
  await app.register(programRoutes, { db, timezone: config.programTimezone });
  const members = new MembersService(db);
  await app.register(membersAdminRoutes, { service: members });
  await app.register(membersMeRoutes, { service: members });
  // Email: rows written in the commands' transactions, sent after the commit by a pg-boss worker over
  // SMTP_URL (unset: kept in the outbox table and logged).
  const emailQueue = new EmailQueue(database, app.log, config.smtpUrl ? smtpTransport(config.smtpUrl) : null, {
    timezone: config.programTimezone,
    ...opts.email,
  });
  app.addHook('onReady', () => emailQueue.begin());
  app.addHook('onClose', () => emailQueue.stop());
  const email = new EmailService(db, emailQueue, {
    publicUrl: config.publicUrl,
    mailFrom: config.mailFrom,
    secret: opts.jwtSecret,
  });
  app.decorate('email', email);
  const accountLimits = { ...DEFAULT_ACCOUNT_RATE_LIMITS, ...opts.account?.limits };
  await app.register(accountRoutes, {
    service: new AccountService(db, email, { ...DEFAULT_ACCOUNT_SETTINGS, ...opts.account?.settings }),
    limits: accountLimits,
    background: (work) => emailQueue.track(work),
  });
  await app.register(auditRoutes, { db });
  await app.register(overviewRoutes, { db, timezone: config.programTimezone, clock: opts.clock });

  // The engine: challenges, completions, reviews, ledger, levels, notifications. Durable side effects
  // go through the outbox (its pg-boss worker runs from ready to close); the bus is for live pushes.
  const bus = new EventBus((err, event) => app.log.error({ err, event: event.type }, 'event subscriber failed'));
  app.decorate('bus', bus);
  const outbox = new OutboxRelay(database, app.log, opts.outbox);
  app.decorate('outbox', outbox);
  app.addHook('onReady', () => outbox.begin());
  app.addHook('onClose', () => outbox.stop());
  subscribeNotifications(outbox, config.programTimezone);
  subscribeEmail(outbox, email);
  subscribeHome(outbox);
  subscribeAnalytics(outbox);
  const uow = new UnitOfWork(db, bus, outbox);
  const clock = opts.clock ?? (() => new Date());
  // Joining (invites, join codes) raises member.joined through the outbox.
  const invites = new InvitesService(db, config.publicUrl, email, uow);
  await app.register(invitesRoutes, {
    service: invites,
    joinPerMinute: limits.joinPerMinute,
  });
  await app.register(joinCodesRoutes, {
    service: new JoinCodesService(db, config.publicUrl, uow),
    joinPerMinute: limits.joinPerMinute,
  });
  // Outgoing webhooks (Standard Webhooks): deliveries written by outbox handlers, sent by their own
  // pg-boss worker with the spec's retry schedule.
  const webhookQueue = new WebhookQueue(database, app.log, { ...config.webhooks, ...opts.webhooks });
  app.addHook('onReady', () => webhookQueue.begin());
  app.addHook('onClose', () => webhookQueue.stop());
  app.decorate('webhookQueue', webhookQueue);
  const webhooks = new WebhooksService(db, webhookQueue);
  subscribeWebhooks(outbox, webhooks);
  await app.register(webhooksRoutes, { service: webhooks });
  const badges = new BadgesService(db, uow, config.programTimezone, cache);
  const segments = new SegmentsService(db, cache, config.programTimezone, clock);
  const completions = new CompletionsService(db, uow, config.programTimezone, clock, badges, cache, segments);
  await app.register(challengesRoutes, { admin: new ChallengesAdminService(db, cache), completions });
  await app.register(completionsRoutes, { db, service: completions });
  const ledger = new LedgerService(db, uow, badges, cache);
  await app.register(ledgerRoutes, { service: ledger });
  await app.register(badgesRoutes, { service: badges });
  await app.register(levelsRoutes, { db, cache });
  await app.register(groupsRoutes, { db, cache });
  await app.register(segmentsRoutes, { service: segments });
  await app.register(analyticsRoutes, {
    service: new AnalyticsService(db, uow, segments, cache, config.programTimezone, clock),
  });
  const rewards = new RewardsService(db, uow, config.programTimezone, clock, cache, segments);
  await app.register(rewardsRoutes, { service: rewards });
  await app.register(referencesRoutes, {
    service: new ReferencesService(db, uow, badges, cache, clock),
    coverage: new CoverageService(db, segments, new ChallengesAdminService(db, cache), config.publicUrl),
  });
  await app.register(notificationsRoutes, { db });
  // Referrals: the pipeline, its milestone payouts (held ones paid by a sweep), fraud rules, the CRM API.
  const referrals = new ReferralsService(db, uow, clock, badges, cache, config.publicUrl);
  app.decorate('referrals', referrals);
  const integrations = new IntegrationsService(db);
  await app.register(integrationsRoutes, { service: integrations });
  await app.register(referralsRoutes, { service: referrals, integrations });
  // Single sign-on (OIDC, SAML) and SCIM provisioning: every hub has them.
  await app.register(ssoRoutes, {
    service: new SsoService(db, uow, config.publicUrl, opts.jwtSecret),
    secureCookies: config.secureCookies,
    perMinute: limits.loginPerMinute,
  });
  await app.register(scimRoutes, {
    service: new ScimService(db, uow, `${config.publicUrl}${SCIM_PREFIX}`),
    groups: new ScimGroupsService(db, `${config.publicUrl}${SCIM_PREFIX}`, cache),
    integrations,
    baseUrl: `${config.publicUrl}${SCIM_PREFIX}`,
  });
  // Events from other systems (API keys with events:write) and CSV imports of events and members.
  const events = new EventsService(db, uow, ledger, completions);
  await app.register(eventsRoutes, {
    service: events,
    integrations,
    perMinute: opts.eventsPerMinute ?? config.eventsPerMinute,
  });
  await app.register(importsRoutes, { service: new ImportsService(db, events, invites, cache), integrations });
  let referralSweep: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    referralSweep = setInterval(() => {
      referrals
        .payDue()
        .catch((err) => app.log.warn({ err: { message: (err as Error).message } }, 'referral payout sweep failed'));
    }, opts.referralSweepMs ?? 60_000);
    referralSweep.unref();
  });
  app.addHook('onClose', async () => {
    if (referralSweep) clearInterval(referralSweep);
  });
  await app.register(mediaRoutes, { service: new MediaService(db, opts.mediaStore ?? createMediaStore(config.media)) });

  // The community: threads, posts, reactions, search; moderation and sanctions.
  const community = new CommunityService(db, uow, segments, badges, cache, config.programTimezone, clock);
  const moderation = new ModerationService(db, uow, community, clock);
  app.accessGuards.speaks = (member) => community.assertMaySpeak(member);
  subscribeCommunity(outbox, db, completions, clock);
  await app.register(communityRoutes, { community, moderation });
  // Sanctions with an end are lifted when it passes.
  let sanctionSweep: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    sanctionSweep = setInterval(() => {
      moderation
        .liftExpired()
        .catch((err) => app.log.warn({ err: { message: (err as Error).message } }, 'sanction sweep failed'));
    }, opts.sanctionSweepMs ?? 30_000);
    sanctionSweep.unref();
  });
  app.addHook('onClose', async () => {
    if (sanctionSweep) clearInterval(sanctionSweep);
  });

  // Leaderboards: ranked in memory on every node, fed by the ledger's notifications (see the engine).
  const engine = new LeaderboardEngine(database.pool, app.log);
  app.addHook('onReady', () => {
    engine
      .start()
      .catch((err) => app.log.warn({ err: { message: (err as Error).message } }, 'leaderboards not ready yet'));
  });
  app.addHook('onClose', () => engine.stop());
  const leaderboards = new LeaderboardsService(db, engine, segments, config.programTimezone, clock, config.publicUrl);
  app.decorate('leaderboards', leaderboards);
  await app.register(leaderboardsRoutes, { service: leaderboards });
  const digest = new DigestService(db, email, completions, () => leaderboards, config.programTimezone, clock);
  emailQueue.onDigest(async () => {
    await digest.run();
  });
  await app.register(emailRoutes, { service: email, digest, unsubscribePerMinute: accountLimits.resetPerMinute });
  await app.register(homeRoutes, {
    service: new HomeService(db, cache, completions, rewards, leaderboards, config.programTimezone, clock),
  });
  await realtimePlugin(app, {
    db,
    publicUrl: config.publicUrl,
    redisUrl: config.redisUrl,
    leaderboards,
    bus,
    canReadThread: (member, threadId) =>
      community.readableThread(member, threadId).then(
        () => true,
        (err: unknown) => {
          if (err instanceof Error && 'statusCode' in err && (err as { statusCode: number }).statusCode === 404)
            return false;
          throw err;
        },
      ),
    ...opts.realtime,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // 4. The built SPA: files from web/dist, and index.html for client-side routes. The build writes
  // brotli and gzip siblings (`.br`, `.gz`) of every compressible file; the one the browser accepts is
  // sent as it is (`vary: accept-encoding`). Files under assets/ carry a content hash in their name:
  // cached for a year, never revalidated. index.html and the other unhashed files: revalidated on every use.
  const webDist = opts.webDist === undefined ? defaultWebDist() : opts.webDist;
  if (webDist) {
    const hashedDir = path.resolve(webDist, 'assets') + path.sep;
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz'],
      cacheControl: false,
      setHeaders: (reply, file) => {
        reply.header('cache-control', file.startsWith(hashedDir) ? IMMUTABLE : 'no-cache');
      },
    });
    app.get('/', (_req, reply) => reply.sendFile('index.html'));
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url === '/scim' || url.startsWith('/scim/')) return scimNotFound(reply, request.method, url);
    if (webDist && request.method === 'GET' && !url.startsWith('/api') && !path.extname(url)) {
      return reply.sendFile('index.html');
    }
    return reply
      .status(404)
      .send({ error: { code: ErrorCode.notFound, message: `No route for ${request.method} ${url}` } });
  });

  return app;
}
