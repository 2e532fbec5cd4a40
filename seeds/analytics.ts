/**
 * Demo analytics: what each act of advocacy is worth (ROI), the act type of the demo's advocacy
 * challenges, a few people invited but not joined yet (the funnel's first step), and an advocacy
 * leak — advocates whose last NPS was 9 or 10 and who did no act of advocacy in 90 days (the
 * "Promoters" segment shows them; one click activates them).
 */
import { sql, type Db } from '../server/src/db/kit.js';
import { analyticsRepo } from '../server/src/modules/analytics/analytics.repo.js';

const VALUES = [
  { type: 'review', valueCents: 25_000 },
  { type: 'social_share', valueCents: 2_000 },
  { type: 'referral', valueCents: 50_000 },
  { type: 'referral_qualified', valueCents: 200_000 },
  { type: 'reference', valueCents: 150_000 },
  { type: 'case_study', valueCents: 500_000 },
  { type: 'talk', valueCents: 300_000 },
  { type: 'testimonial', valueCents: 10_000 },
  { type: 'other', valueCents: 5_000 },
] as const;

const TYPES: [string, (typeof VALUES)[number]['type']][] = [
  ['Take a reference call', 'reference'],
  ['Case study: from interview to published story', 'case_study'],
  ['Speak at a Lumen meetup', 'talk'],
  ['Refer a colleague', 'referral'],
];

const INVITED = [
  ['Noor Haddad', 'Fjordline Logistics'],
  ['Tomasz Wójcik', 'Kestrel Bank'],
  ['Imani Okafor', 'Brightwater Health'],
  ['Lucas Moreau', 'Atelier Nord'],
  ['Mei Lin', 'Harbor & Pine'],
] as const;

export async function seedAnalytics(db: Db, adminId: string) {
  await analyticsRepo.setValues(db, [...VALUES], adminId);
  for (const [title, type] of TYPES) {
    const found = await db.execute<{ id: string }>(sql`select id from challenges where title = ${title} limit 1`);
    if (found.rows[0]) await analyticsRepo.setChallengeTypes(db, [{ challengeId: found.rows[0].id, type }]);
  }
  // Invited, not joined yet: spread over the last two months.
  for (const [i, [name, company]] of INVITED.entries()) {
    const email = `${name
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z ]/g, '')
      .replace(' ', '.')}@invited.demo.test`;
    const inserted = await db.execute<{ id: string }>(sql`
      insert into members (email, name, company, status, created_at)
      values (${email}, ${name}, ${company}, 'invited', now() - make_interval(days => ${5 + i * 11}))
      on conflict do nothing returning id`);
    const id = inserted.rows[0]?.id;
    if (id) await db.execute(sql`insert into member_roles (member_id, role) values (${id}, 'advocate')`);
  }
  // The leak: promoters without an act of advocacy in 90 days. Ada (the demo advocate every
  // walkthrough signs in as) is a passive, so activating the Promoters leaves her screens as they are.
  await db.execute(sql`update members set last_nps = 8 where email = 'ada@demo.test' and last_nps is not null`);
  const quiet = await db.execute<{ id: string }>(sql`
    select m.id from members m
     where m.status = 'active' and m.email <> 'ada@demo.test'
       and exists (select 1 from member_roles r where r.member_id = m.id and r.role = 'advocate')
       and not exists (
         select 1 from challenge_rounds cr join challenges c on c.id = cr.challenge_id
          where cr.member_id = m.id and cr.status = 'completed' and c.category in ('advocacy', 'social')
            and cr.completed_at > now() - interval '90 days')
     order by m.created_at limit 8`);
  for (const [i, r] of quiet.rows.entries())
    await db.execute(sql`update members set last_nps = ${i % 3 === 0 ? 9 : 10},
      last_nps_at = now() - make_interval(days => ${3 + i * 4}) where id = ${r.id}`);
}
