/**
 * The demo referral program: a default campaign paying per milestone and a partner campaign with a
 * hold period, and referrals in every stage made through the real service (so the ledger agrees),
 * one of them held by a fraud rule for review. Ada refers nobody: the e2e tests start her at a
 * known balance.
 */
import type { ReferralStage } from '@advocate-hub/shared';
import {
  BadgesService,
  DefinitionCache,
  EventBus,
  ReferralsService,
  UnitOfWork,
  eq,
  members,
  type Db,
} from '../server/src/db/kit.js';

const PROSPECTS: {
  name: string;
  email: string;
  company: string;
  title: string;
  stage: ReferralStage;
  amount?: number;
}[] = [
  {
    name: 'Priya Raman',
    email: 'priya.raman@northwind.example',
    company: 'Northwind',
    title: 'VP Operations',
    stage: 'won',
    amount: 48_000,
  },
  { name: 'Tomás Herrera', email: 'tomas@bluepeak.example', company: 'Bluepeak', title: 'CTO', stage: 'qualified' },
  {
    name: 'Chen Wei',
    email: 'chen.wei@harbourline.example',
    company: 'Harbourline',
    title: 'Head of Data',
    stage: 'contacted',
  },
  {
    name: 'Amara Okafor',
    email: 'amara@fieldstone.example',
    company: 'Fieldstone',
    title: 'Director of IT',
    stage: 'submitted',
  },
  {
    name: 'Lena Fischer',
    email: 'lena.fischer@kesselwerk.example',
    company: 'Kesselwerk',
    title: 'COO',
    stage: 'lost',
  },
  { name: 'Quick Lead', email: 'lead@mailinator.com', company: 'Unknown', title: 'Buyer', stage: 'submitted' },
];

export async function seedReferrals(db: Db, adminId: string, memberIds: string[], timezone = 'UTC'): Promise<number> {
  const uow = new UnitOfWork(db, new EventBus());
  const cache = new DefinitionCache();
  const referrals = new ReferralsService(db, uow, () => new Date(), new BadgesService(db, uow, timezone, cache), cache);
  const main = await referrals.saveCampaign(
    adminId,
    null,
    {
      name: 'Customer referrals',
      description: 'Introduce a peer who could use Lumen: points at every step, a big thank-you when they buy.',
      points: { submitted: 25, contacted: 50, qualified: 100, won: 500 },
      isDefault: true,
    },
    null,
  );
  await referrals.saveCampaign(
    adminId,
    null,
    {
      name: 'Partner referrals',
      description: 'For partners: points are paid 14 days after each step.',
      points: { submitted: 10, contacted: 40, qualified: 150, won: 750 },
      holdDays: 14,
    },
    null,
  );
  let made = 0;
  for (const [i, p] of PROSPECTS.entries()) {
    const id = memberIds[i % memberIds.length];
    if (!id) break;
    const [who] = await db.select({ email: members.email, name: members.name }).from(members).where(eq(members.id, id));
    const { referral } = await referrals.submit(
      { id, email: who!.email, name: who!.name, ip: null, userAgent: null },
      {
        prospect: { name: p.name, email: p.email, company: p.company, title: p.title },
        consent: true,
        campaignId: main.campaign.id,
      },
      null,
    );
    made++;
    if (p.stage === 'lost')
      await referrals.advance({ type: 'member', id: adminId, ip: null }, referral.id, { stage: 'qualified' }, null);
    if (p.stage !== 'submitted')
      await referrals.advance(
        { type: 'member', id: adminId, ip: null },
        referral.id,
        { stage: p.stage, ...(p.amount ? { amount: p.amount } : {}) },
        null,
      );
  }
  return made;
}
