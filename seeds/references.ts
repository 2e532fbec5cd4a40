/**
 * The demo reference desk: about half the advocates opted in with reference profiles (Ada among
 * them), and the demo requester's requests in every state — one nobody has been asked for, an ask
 * waiting for Ada, one accepted with times to pick from, one declined, one scheduled and one
 * completed weeks ago (its points paid) — made through the real service on a moving clock, so
 * the fatigue ledger, the asks and the points agree.
 */
import type { CompanySize, ReferenceActivity, ReferenceRequestBody } from '@advocate-hub/shared';
import { COMPANY_SIZES } from '@advocate-hub/shared';
import {
  BadgesService,
  DefinitionCache,
  EventBus,
  UnitOfWork,
  referenceDemand,
  sql,
  type Db,
} from '../server/src/db/kit.js';
import { ReferencesService } from '../server/src/modules/references/references.service.js';

const DAY = 86_400_000;
const LANGUAGES: Record<string, string[]> = {
  EMEA: ['English', 'German'],
  NA: ['English'],
  APAC: ['English', 'Japanese'],
  LATAM: ['Spanish', 'Portuguese', 'English'],
};
const ACTIVITY_MIXES: ReferenceActivity[][] = [
  ['call', 'case_study'],
  ['call', 'site_visit', 'speaking'],
  ['call'],
  ['call', 'analyst_briefing', 'press'],
  ['case_study', 'speaking'],
];

type Person = {
  id: string;
  name: string;
  email: string;
  products: string[];
  industry: string | null;
  region: string | null;
};

export async function seedReferences(db: Db, timezone: string): Promise<void> {
  const people = await db.execute<Person & { roles: string[] }>(sql`
    select m.id, m.name, m.email, m.products, m.industry, m.region, array_agg(r.role) as roles
      from members m join member_roles r on r.member_id = m.id
     group by m.id order by m.created_at, m.email`);
  const byEmail = new Map(people.rows.map((p) => [p.email, p]));
  const admin = byEmail.get('admin@demo.test');
  const requester = byEmail.get('sales@demo.test');
  const ada = byEmail.get('ada@demo.test');
  if (!admin || !requester || !ada) return;
  const advocates = people.rows.filter((p) => p.roles.includes('advocate') && p.id !== ada.id);

  // The service on a clock the seed moves, so the completed call happened weeks ago.
  let now = new Date(Date.now() - 30 * DAY);
  const cache = new DefinitionCache();
  const uow = new UnitOfWork(db, new EventBus());
  const desk = new ReferencesService(db, uow, new BadgesService(db, uow, timezone, cache), cache, () => now);
  const staff = (p: Person & { roles: string[] }) => ({
    id: p.id,
    email: p.email,
    name: p.name,
    roles: p.roles as 'admin'[],
  });

  // Profiles: Ada, and every other advocate but one in three (those stay out of the desk).
  await desk.saveProfile(ada.id, {
    optedIn: true,
    products: ada.products,
    industry: ada.industry,
    region: ada.region,
    companySize: '201-1000',
    activities: ['call', 'case_study', 'speaking'],
    languages: ['English', 'French'],
    blackouts: [],
    note: 'Happy to talk data platforms; afternoons UK time suit me best.',
  });
  const optedIn: (Person & { activities: ReferenceActivity[] })[] = [];
  for (const [i, p] of advocates.entries()) {
    if (i % 3 === 2) continue;
    // Those with blackout dates or who opted out again are never picked for the demo's asks.
    const activities = ACTIVITY_MIXES[i % ACTIVITY_MIXES.length]!;
    if (i % 7 !== 0 && i % 11 !== 10) optedIn.push({ ...p, activities });
    const from = new Date(Date.now() + (20 + i) * DAY).toISOString().slice(0, 10);
    const to = new Date(Date.now() + (34 + i) * DAY).toISOString().slice(0, 10);
    await desk.saveProfile(p.id, {
      optedIn: i % 11 !== 10,
      products: p.products,
      industry: p.industry,
      region: p.region,
      companySize: COMPANY_SIZES[i % COMPANY_SIZES.length] as CompanySize,
      activities,
      languages: LANGUAGES[p.region ?? 'NA'] ?? ['English'],
      blackouts: i % 7 === 0 ? [{ from, to }] : [],
      note: null,
    });
  }

  const sender = staff(admin);
  const seller = staff(requester);
  /** A request made "now" on the seed's clock (the table stamps it with the real time). */
  const request = async (
    body: Partial<ReferenceRequestBody> & Pick<ReferenceRequestBody, 'opportunity' | 'product'>,
  ) => {
    const made = await desk.createRequest(seller, {
      prospectCompany: null,
      amount: null,
      industry: null,
      region: null,
      companySize: null,
      language: null,
      activity: 'call',
      dueAt: new Date(now.getTime() + 21 * DAY).toISOString().slice(0, 10),
      notes: null,
      ...body,
    });
    await db.execute(sql`update reference_requests set created_at = ${now.toISOString()} where id = ${made.id}`);
    return made;
  };
  /** Someone who takes calls, using the product if anyone does, not asked yet in the seed. */
  const pickFor = (product: string, skip: Set<string>) => {
    const free = optedIn.filter((p) => p.activities.includes('call') && !skip.has(p.id));
    return free.find((p) => p.products.includes(product)) ?? free[0]!;
  };
  const used = new Set<string>();
  const slotsFrom = (days: number) =>
    [1, 2, 4].map((h) => new Date(now.getTime() + days * DAY + h * 3_600_000).toISOString());

  // A month ago: a call asked, accepted, held and confirmed by both sides (points paid).
  const won = await request({
    opportunity: 'Hooli — analytics consolidation',
    prospectCompany: 'Hooli',
    amount: 240_000,
    product: 'Lumen Analytics',
    industry: 'Technology',
    region: 'NA',
    notes: 'Their CTO wants to hear how another platform team migrated off spreadsheets.',
  });
  const done = pickFor('Lumen Analytics', used);
  used.add(done.id);
  const doneAsk = await desk.ask(
    sender,
    won.id,
    done.id,
    'Hooli is where you were last year. Would you tell them how it went?',
    null,
  );
  now = new Date(now.getTime() + DAY);
  await desk.answer(done.id, doneAsk.id, { decision: 'accept', slots: slotsFrom(3) });
  await desk.schedule(sender, doneAsk.id, slotsFrom(3)[0]!);
  now = new Date(now.getTime() + 4 * DAY);
  await desk.confirm(seller, doneAsk.id, true);
  await desk.confirm({ id: done.id, email: done.email, name: done.name, roles: ['advocate'] }, doneAsk.id, true);
  await desk.setOutcome(seller, won.id, 'won', undefined, null);

  // Last week onwards: the open requests.
  now = new Date(Date.now() - 6 * DAY);
  const scheduled = await request({
    opportunity: 'Initech — pipelines pilot',
    prospectCompany: 'Initech',
    amount: 85_000,
    product: 'Lumen Pipelines',
    industry: 'Financial Services',
    region: 'NA',
    activity: 'call',
  });
  const host = pickFor('Lumen Pipelines', used);
  used.add(host.id);
  const hostAsk = await desk.ask(sender, scheduled.id, host.id, 'Initech runs batch jobs much like yours did.', null);
  await desk.answer(host.id, hostAsk.id, { decision: 'accept', slots: slotsFrom(9) });
  await desk.schedule(sender, hostAsk.id, slotsFrom(9)[1]!);

  now = new Date(Date.now() - 3 * DAY);
  const picking = await request({
    opportunity: 'Umbrella — analytics rollout',
    prospectCompany: 'Umbrella Corp',
    amount: 410_000,
    product: 'Lumen Analytics',
    region: 'APAC',
    activity: 'call',
  });
  const declining = pickFor('Lumen Analytics', used);
  used.add(declining.id);
  const declined = await desk.ask(sender, picking.id, declining.id, null, null);
  await desk.answer(declining.id, declined.id, {
    decision: 'decline',
    reason: 'too_busy',
    note: 'Quarter close; try me in a month.',
  });
  const accepting = pickFor('Lumen Analytics', used);
  used.add(accepting.id);
  const accepted = await desk.ask(sender, picking.id, accepting.id, 'Umbrella wants to hear about audit trails.', null);
  await desk.answer(accepting.id, accepted.id, { decision: 'accept', slots: slotsFrom(6) });

  now = new Date(Date.now() - DAY);
  const forAda = await request({
    opportunity: 'Oscorp — data platform',
    prospectCompany: 'Oscorp',
    amount: 150_000,
    product: 'Lumen Pipelines',
    industry: 'Technology',
    region: 'EMEA',
    language: 'English',
    notes: 'Their head of data asked for a peer in a similar-sized team.',
  });
  await desk.ask(
    sender,
    forAda.id,
    ada.id,
    'Oscorp is evaluating Pipelines for the same move you made. Twenty minutes of your story would mean a lot.',
    null,
  );

  now = new Date();
  await request({
    opportunity: 'Stark — embedded analytics',
    prospectCompany: 'Stark Industries',
    amount: 95_000,
    product: 'Lumen Embedded',
    industry: 'Manufacturing',
    region: 'EMEA',
    activity: 'site_visit',
    language: 'German',
  });

  await seedDemand(db);
}

/**
 * Open pipeline and one forecast, as if imported: covered where the demo has many references
 * (Analytics in North America), thin where it has few (Governance in APAC and EMEA, Embedded in North America).
 */
async function seedDemand(db: Db): Promise<void> {
  const deal = (
    opportunity: string,
    product: string,
    industry: string | null,
    region: string,
    amount: number,
  ): typeof referenceDemand.$inferInsert => ({
    source: 'pipeline',
    opportunity,
    product,
    industry,
    region,
    companySize: null,
    amount,
    referencesNeeded: 1,
  });
  await db
    .insert(referenceDemand)
    .values([
      deal('Acme — analytics suite', 'Lumen Analytics', 'Technology', 'NA', 180_000),
      deal('Massive Dynamic — dashboards', 'Lumen Analytics', 'Healthcare', 'NA', 120_000),
      deal('Gringotts — risk reporting', 'Lumen Governance', 'Financial Services', 'EMEA', 330_000),
      deal('Aperture — audit trail', 'Lumen Governance', 'Life Sciences', 'APAC', 275_000),
      deal('Weyland — data lineage', 'Lumen Governance', 'Manufacturing', 'APAC', 410_000),
      deal('Nakatomi — policy engine', 'Lumen Governance', 'Technology', 'APAC', 150_000),
      deal('Monarch — embedded reports', 'Lumen Embedded', 'Media', 'NA', 90_000),
      deal('Pollos — partner portal', 'Lumen Embedded', 'Retail', 'NA', 60_000),
      deal('Bluth — store analytics', 'Lumen Embedded', 'Retail', 'NA', 45_000),
      deal('Dunder — pipelines', 'Lumen Pipelines', 'Retail', 'EMEA', 70_000),
    ]);
  await db.insert(referenceDemand).values({
    source: 'forecast',
    opportunity: 'Forecast: 2,000,000 ÷ 250,000 × 0.5',
    product: 'Lumen Pipelines',
    industry: null,
    region: 'APAC',
    companySize: null,
    amount: 2_000_000,
    referencesNeeded: 4,
  });
}
