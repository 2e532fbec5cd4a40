/**
 * The demo rewards catalog: every reward type, stock from plenty to nearly gone, code pools, a
 * level-gated experience, a group-only shirt, and redemptions in every state made through the real
 * service (so balances, stock and the ledger agree). Ada redeems nothing: the e2e tests start her at
 * a known balance.
 */
import crypto from 'node:crypto';
import type { CreateRewardBody, RedemptionDecision } from '@advocate-hub/shared';
import {
  BadgesService,
  DefinitionCache,
  LedgerService,
  EventBus,
  UnitOfWork,
  groupsRepo,
  RewardsService,
  SegmentsService,
  segmentsRepo,
  type Db,
} from '../server/src/db/kit.js';

const codes = (prefix: string, n: number) =>
  Array.from(
    { length: n },
    () => `${prefix}-${crypto.randomBytes(6).toString('hex').toUpperCase().match(/.{4}/g)!.join('-')}`,
  );

const ADDRESSES = [
  { name: 'Grace Hopper', line1: '1 Navy Yard', city: 'Arlington', region: 'VA', postalCode: '22202', country: 'USA' },
  { name: 'Alan Turing', line1: '78 High St', city: 'Wilmslow', postalCode: 'SK9 1AA', country: 'UK' },
  { name: 'Hedy Lamarr', line1: 'Ringstraße 12', city: 'Wien', postalCode: '1010', country: 'Austria' },
];

export async function seedRewards(db: Db, adminId: string, memberIds: string[], timezone: string): Promise<number> {
  const cache = new DefinitionCache();
  const now = () => new Date();
  const uow = new UnitOfWork(db, new EventBus());
  const rewards = new RewardsService(db, uow, timezone, now, cache, new SegmentsService(db, cache, timezone, now));
  const beta = (await groupsRepo.list(db)).find((g) => g.g.name === 'Beta testers')?.g.id;
  const pipelines = (await segmentsRepo.list(db)).find((s) => s.name.startsWith('Pipelines customers'))?.id;

  const catalog: (CreateRewardBody & { codes?: string[] })[] = [
    {
      name: 'Lumen hoodie',
      type: 'item',
      cost: 1200,
      stock: 25,
      limitPerMember: 1,
      featured: true,
      imageUrl: null,
      description:
        'Heavyweight organic cotton, embroidered logo, the one everyone asks about at the Summit.\n\n- Sizes XS–XXL (tell us in the note)\n- Ships worldwide',
      fulfilmentNote: 'We ship within two weeks and send you the tracking number here.',
    },
    {
      name: 'Sticker pack',
      type: 'item',
      cost: 150,
      stock: null,
      limitPerPeriod: 2,
      limitPeriod: 'month',
      description: 'Ten die-cut stickers for your laptop, including the limited lineage-graph one.',
      fulfilmentNote: 'Stickers go out with our monthly mail run.',
    },
    {
      name: '$25 gift card',
      type: 'code',
      cost: 2500,
      stock: null,
      needsApproval: true,
      limitPerPeriod: 1,
      limitPeriod: 'month',
      description: 'A $25 gift card for the online store of your choice. Your code appears here once approved.',
      codes: codes('GIFT25', 12),
    },
    {
      name: 'Coffee on us',
      type: 'code',
      cost: 300,
      stock: null,
      description: 'A coffee voucher, delivered instantly: redeem it at any partner café.',
      codes: codes('COFFEE', 30),
    },
    {
      name: 'VIP seat at Lumen Summit 2027',
      type: 'experience',
      cost: 5000,
      stock: 5,
      needsApproval: true,
      minLevelRank: 3,
      limitPerMember: 1,
      featured: true,
      description: 'Front-row seat for the keynote, the speakers’ dinner and a backstage tour. Travel not included.',
      fulfilmentNote: 'Our events team will email you the details and a hotel discount code.',
    },
    {
      name: '30 minutes with our CEO',
      type: 'experience',
      cost: 8000,
      stock: 2,
      needsApproval: true,
      minLevelRank: 4,
      limitPerMember: 1,
      description: 'A video call with Lumen’s CEO about your data strategy — and what we should build next.',
    },
    {
      name: 'Plant a tree',
      type: 'donation',
      cost: 100,
      stock: null,
      description: 'We plant a tree with our reforestation partner for every redemption.',
      fulfilmentNote: 'We send the trees in one batch at the end of each month.',
    },
    {
      name: '$50 to Girls Who Code',
      type: 'donation',
      cost: 2000,
      stock: null,
      needsApproval: true,
      description: 'We donate $50 in your name to Girls Who Code.',
    },
    {
      name: 'Roadmap briefing for Pipelines teams',
      type: 'custom',
      cost: 800,
      stock: 20,
      needsApproval: true,
      limitPerMember: 1,
      ...(pipelines ? { visibility: { includeSegmentIds: [pipelines] } } : {}),
      description: 'A private session with the Pipelines product team on what ships next quarter.',
    },
    {
      name: 'Beta tester T-shirt',
      type: 'item',
      cost: 400,
      stock: 4,
      limitPerMember: 1,
      ...(beta ? { visibility: { includeGroupIds: [beta] } } : {}),
      description: 'Only for our beta testers: “I broke it first.”',
    },
  ];
  const ids = new Map<string, string>();
  for (const { codes: pool, ...body } of catalog) {
    const w = await rewards.create(adminId, { ...body, status: 'published' }, null);
    if (pool) await rewards.uploadCodes(adminId, w.id, pool.join('\n'), null);
    ids.set(w.name, w.id);
  }

  // Redemptions in every state. The redeemers first get a thank-you for speaking at the Summit.
  const ledger = new LedgerService(db, uow, new BadgesService(db, uow, timezone, cache), cache);
  const plan: [string, RedemptionDecision[]][] = [
    ['Sticker pack', ['fulfil']],
    ['Coffee on us', []],
    ['Plant a tree', []],
    ['Lumen hoodie', []],
    ['Sticker pack', []],
    ['$25 gift card', []],
    ['Lumen hoodie', ['fulfil']],
    ['$50 to Girls Who Code', ['approve']],
    ['Coffee on us', []],
    ['$25 gift card', ['approve']],
    ['Roadmap briefing for Pipelines teams', []],
    ['Lumen hoodie', ['decline']],
    ['Plant a tree', []],
    ['Sticker pack', ['fulfil']],
    ['$50 to Girls Who Code', []],
    ['Coffee on us', []],
    ['$25 gift card', ['decline']],
    ['VIP seat at Lumen Summit 2027', []],
    ['$50 to Girls Who Code', []],
    ['VIP seat at Lumen Summit 2027', []],
    ['Plant a tree', ['cancel']],
  ];
  let made = 0;
  for (const [i, [name, decisions]] of plan.entries()) {
    const memberId = memberIds[(i * 5 + 3) % memberIds.length]!;
    try {
      await ledger.adjust(
        adminId,
        memberId,
        1500 + 500 * (i % 4),
        'Thank you for speaking at Lumen Summit',
        null,
        null,
      );
      const r = await rewards.redeem(
        memberId,
        ids.get(name)!,
        { shipping: ADDRESSES[i % ADDRESSES.length], note: name === 'Lumen hoodie' ? 'Size M, please' : undefined },
        null,
      );
      made++;
      for (const d of decisions)
        await rewards.decide(
          adminId,
          r.redemption.id,
          d,
          d === 'fulfil'
            ? 'Shipped with DHL, tracking 00340434161094042557'
            : d === 'decline'
              ? 'That size is sold out; your points are back.'
              : undefined,
          null,
        );
    } catch {
      // Not enough points, limits, visibility: the demo simply skips what the rules refuse.
    }
  }
  return made;
}
