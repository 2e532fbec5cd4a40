/**
 * The demo program of design.md: fixed accounts (password `demo-password`), ~40 members across
 * industries, regions and products, levels, branding and a join code. Runs only into an empty
 * database or with SEED_DEMO=true, and is idempotent (existing rows are left alone).
 */
import {
  hashPassword,
  joinCodes,
  levels,
  memberRoles,
  members,
  programSettings,
  sql,
  type Db,
} from '../server/src/db/kit.js';
import { seedEngine } from './engine.js';
import { seedRewards } from './rewards.js';
import { seedCommunity } from './community.js';
import { seedReferrals } from './referrals.js';
import { seedReferences } from './references.js';
import { seedWebhooks } from './webhooks.js';
import { seedSso } from './sso.js';
import { seedAnalytics } from './analytics.js';
import { seedIntegrations } from './integrations.js';

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_ACCOUNTS = [
  {
    email: 'admin@demo.test',
    name: 'Alex Morgan',
    roles: ['admin'],
    company: 'Lumen (program team)',
    title: 'Community Programs Lead',
  },
  {
    email: 'mod@demo.test',
    name: 'Sam Okafor',
    roles: ['moderator'],
    company: 'Lumen (program team)',
    title: 'Community Moderator',
  },
  {
    email: 'ada@demo.test',
    name: 'Ada Lovelace',
    roles: ['advocate'],
    company: 'Analytical Engines Ltd',
    title: 'Head of Data Platform',
  },
  {
    email: 'sales@demo.test',
    name: 'Riley Chen',
    roles: ['requester'],
    company: 'Lumen (sales team)',
    title: 'Account Executive',
  },
] as const;

export const DEMO_LEVELS = [
  { name: 'Insider', rank: 1, threshold: 0, description: 'Welcome aboard: you are on the inside track.' },
  { name: 'Advocate', rank: 2, threshold: 500, description: 'You share what works and help others succeed.' },
  { name: 'Champion', rank: 3, threshold: 2000, description: 'A trusted voice: references, reviews and talks.' },
  { name: 'Legend', rank: 4, threshold: 5000, description: 'The community knows your name.' },
];

const FIRST = [
  'Grace',
  'Linus',
  'Margaret',
  'Alan',
  'Katherine',
  'Tim',
  'Barbara',
  'Dennis',
  'Frances',
  'Ken',
  'Radia',
  'Vint',
  'Hedy',
  'Guido',
  'Shafi',
  'Yukihiro',
  'Annie',
  'Donald',
  'Sophie',
  'Bjarne',
  'Evelyn',
  'John',
  'Mary',
  'Niklaus',
  'Joan',
  'Edsger',
  'Carol',
  'Brian',
  'Lynn',
  'Tony',
  'Jean',
  'Raj',
  'Mei',
  'Amara',
  'Diego',
  'Ingrid',
  'Kwame',
];
const LAST = [
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Turing',
  'Johnson',
  'Berners-Lee',
  'Liskov',
  'Ritchie',
  'Allen',
  'Thompson',
  'Perlman',
  'Cerf',
  'Lamarr',
  'van Rossum',
  'Goldwasser',
  'Matsumoto',
  'Easley',
  'Knuth',
  'Wilson',
  'Stroustrup',
  'Boyd',
  'McCarthy',
  'Keller',
  'Wirth',
  'Clarke',
  'Dijkstra',
  'Shaw',
  'Kernighan',
  'Conway',
  'Hoare',
  'Sammet',
  'Reddy',
  'Lin',
  'Okonkwo',
  'Fernández',
  'Larsen',
  'Mensah',
];
const COMPANIES = [
  ['Northwind Traders', 'Retail', 'EMEA'],
  ['Contoso Health', 'Healthcare', 'NA'],
  ['Globex Energy', 'Energy', 'NA'],
  ['Initech', 'Financial Services', 'NA'],
  ['Umbrella Logistics', 'Logistics', 'APAC'],
  ['Stark Manufacturing', 'Manufacturing', 'EMEA'],
  ['Wayne Media', 'Media', 'LATAM'],
  ['Tyrell Biotech', 'Life Sciences', 'APAC'],
  ['Hooli Cloud', 'Technology', 'NA'],
  ['Vandelay Imports', 'Retail', 'LATAM'],
  ['Soylent Foods', 'Consumer Goods', 'EMEA'],
  ['Cyberdyne Systems', 'Technology', 'APAC'],
] as const;
const PRODUCTS = ['Lumen Analytics', 'Lumen Pipelines', 'Lumen Governance', 'Lumen Embedded'];
const PERSONAS = ['Executive', 'Practitioner', 'Developer', 'Admin', 'Champion'];
const TITLES = [
  'Data Engineer',
  'VP Analytics',
  'BI Developer',
  'Platform Architect',
  'Analytics Manager',
  'CTO',
  'Data Scientist',
  'Ops Lead',
];
const TAGS = ['beta-tester', 'speaker', 'reference-ready', 'user-group', 'early-adopter'];
const TIMEZONES = [
  'Europe/London',
  'America/New_York',
  'America/Chicago',
  'Asia/Singapore',
  'Europe/Berlin',
  'America/Sao_Paulo',
];

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

/** "Diego.Fernández" → "diego.fernandez@example.com": accents dropped (NFD), not the letters that carry them. */
export function asciiEmail(local: string): string {
  const ascii = local
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z.]/g, '');
  return `${ascii}@example.com`;
}

export async function seedDemo(db: Db, timezone = 'UTC'): Promise<{ members: number; challenges: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const result = await db.transaction(async (tx) => {
    await tx
      .insert(programSettings)
      .values({
        id: 1,
        name: 'Lumen Champions',
        tagline: 'Share what works. Get rewarded for it.',
        accentColor: '#4f46e5',
      })
      .onConflictDoNothing();
    await tx.insert(levels).values(DEMO_LEVELS).onConflictDoNothing();

    const rows: (typeof members.$inferInsert & { roles: string[] })[] = [];
    for (const a of DEMO_ACCOUNTS) {
      rows.push({
        email: a.email,
        name: a.name,
        roles: [...a.roles],
        company: a.company,
        title: a.title,
        industry: a.email === 'ada@demo.test' ? 'Technology' : null,
        region: 'EMEA',
        persona: a.email === 'ada@demo.test' ? 'Practitioner' : null,
        products: a.email === 'ada@demo.test' ? ['Lumen Analytics', 'Lumen Pipelines'] : [],
        tags: a.email === 'ada@demo.test' ? ['user-group'] : [],
        timezone: 'Europe/London',
      });
    }
    for (let i = 0; i < FIRST.length; i++) {
      const first = FIRST[i]!;
      const last = LAST[i]!;
      const [company, industry, region] = pick(COMPANIES, i);
      rows.push({
        email: asciiEmail(`${first}.${last}`),
        name: `${first} ${last}`,
        roles: ['advocate'],
        company,
        industry,
        region,
        title: pick(TITLES, i),
        persona: pick(PERSONAS, i),
        products: PRODUCTS.filter((_, p) => (i + p) % 3 !== 0).slice(0, 1 + (i % 3)),
        tags: TAGS.filter((_, t) => (i * 7 + t) % 4 === 0),
        timezone: pick(TIMEZONES, i),
      });
    }

    let created = 0;
    for (const [i, { roles, ...m }] of rows.entries()) {
      const daysAgo = Math.max(3, 400 - i * 10);
      const [row] = await tx
        .insert(members)
        .values({
          ...m,
          passwordHash,
          status: 'active',
          trusted: true,
          joinedAt: sql`now() - make_interval(days => ${daysAgo})`,
          createdAt: sql`now() - make_interval(days => ${daysAgo})`,
        })
        .onConflictDoNothing()
        .returning({ id: members.id });
      if (!row) continue;
      created++;
      await tx.insert(memberRoles).values(roles.map((role) => ({ memberId: row.id, role: role as 'advocate' })));
    }

    await tx
      .insert(joinCodes)
      .values({ code: 'LUMEN-SUMMIT', label: 'Lumen Summit 2026 attendees', maxUses: 500 })
      .onConflictDoNothing();
    return { members: created };
  });
  if (result.members === 0) return { ...result, challenges: 0 }; // already seeded: leave the program as it is
  const ids = await db.execute<{ id: string; email: string }>(sql`
    select m.id, m.email from members m join member_roles r on r.member_id = m.id and r.role = 'advocate' order by m.created_at`);
  const admin = await db.execute<{ id: string }>(sql`select id from members where email = 'admin@demo.test'`);
  const ada = ids.rows.find((r) => r.email === 'ada@demo.test')!.id;
  const others = ids.rows.filter((r) => r.email !== 'ada@demo.test').map((r) => r.id);
  const challenges = await seedEngine(db, admin.rows[0]!.id, others, ada, timezone);
  await seedRewards(db, admin.rows[0]!.id, others, timezone);
  await seedCommunity(db, admin.rows[0]!.id, others);
  await seedReferrals(db, admin.rows[0]!.id, others, timezone);
  await seedReferences(db, timezone);
  await seedWebhooks(db, admin.rows[0]!.id, others);
  await seedSso(db);
  await seedAnalytics(db, admin.rows[0]!.id);
  await seedIntegrations(db, admin.rows[0]!.id, others, timezone);
  return { ...result, challenges };
}
