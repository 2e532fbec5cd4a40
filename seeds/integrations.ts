/**
 * Demo integrations: an API key record of a webinar platform (its secret is not kept: create a key of
 * your own to call the API) and a few events in the log, applied through the real events service so
 * the ledger agrees, and one refused for an unknown address.
 */
import crypto from 'node:crypto';
import {
  BadgesService,
  CompletionsService,
  DefinitionCache,
  EventBus,
  EventsService,
  LedgerService,
  SegmentsService,
  UnitOfWork,
  apiKeys,
  sql,
  type Db,
} from '../server/src/db/kit.js';

const EVENTS = [
  { points: 50, reason: 'Attended the “What’s new in Lumen” webinar' },
  { points: 50, reason: 'Attended the “What’s new in Lumen” webinar' },
  { points: 120, reason: 'Presented at the Berlin user group' },
  { points: 30, reason: 'Completed the admin certification quiz in the LMS' },
];

const E2E_MEMBERS = new Set([
  'ingrid.larsen@example.com',
  'kwame.mensah@example.com',
  'linus.torvalds@example.com',
  'radia.perlman@example.com',
  'vint.cerf@example.com',
]);

export async function seedIntegrations(db: Db, adminId: string, others: string[], timezone: string) {
  const clock = () => new Date();
  const uow = new UnitOfWork(db, new EventBus());
  const cache = new DefinitionCache();
  const badges = new BadgesService(db, uow, timezone, cache);
  const segments = new SegmentsService(db, cache, timezone, clock);
  const completions = new CompletionsService(db, uow, timezone, clock, badges, cache, segments);
  const events = new EventsService(db, uow, new LedgerService(db, uow, badges, cache), completions);

  const [key] = await db
    .insert(apiKeys)
    .values({
      name: 'Webinar platform',
      prefix: crypto.randomBytes(6).toString('hex'),
      // A hash of nothing anyone holds: the demo key cannot be used.
      hash: crypto.createHash('sha256').update(crypto.randomBytes(32)).digest('hex'),
      scopes: ['events:write'],
      createdBy: adminId,
      lastUsedAt: new Date(),
    })
    .returning();
  // Members in the middle of the list, none of those the e2e tests start at a known balance.
  const all = others.length
    ? await db.execute<{ email: string }>(
        sql`select email from members where id in (${sql.join(
          others.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) order by created_at, email`,
      )
    : { rows: [] };
  const emails = all.rows.filter((r) => !E2E_MEMBERS.has(r.email)).slice(6, 6 + EVENTS.length);
  const caller = {
    source: 'api' as const,
    keyScope: key!.id,
    apiKeyId: key!.id,
    apiKeyName: key!.name,
    createdBy: null,
  };
  for (const [i, e] of EVENTS.entries()) {
    const email = emails[i]?.email;
    if (!email) break;
    await events.apply(caller, { type: 'points.award', email, points: e.points, reason: e.reason }, `demo-${i + 1}`);
  }
  await events
    .apply(
      caller,
      { type: 'points.award', email: 'former.attendee@example.com', points: 50, reason: 'Attended a webinar' },
      'demo-unknown',
    )
    .catch(() => {}); // refused (no such member): it shows in the log as refused
}
