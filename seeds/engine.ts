/**
 * The demo program's challenges, badges and some history, made through the real services (so the
 * ledger, rounds and badges are exactly what the app would have produced). Called by seeds/demo.ts.
 */
import {
  groupsRepo,
  BadgesService,
  ChallengesAdminService,
  CompletionsService,
  SegmentsService,
  DefinitionCache,
  EventBus,
  UnitOfWork,
  type Db,
} from '../server/src/db/kit.js';
import type { AdminChallenge, CreateChallengeBody, SegmentBody } from '@advocate-hub/shared';

type Body = CreateChallengeBody;
const HOUR = 3600_000;

export const DEMO_CHALLENGES: Body[] = [
  {
    title: 'Welcome! Tell us about yourself',
    category: 'fun',
    featured: true,
    sortOrder: -10,
    description: 'Two quick questions so we can send you the challenges and rewards that fit you best.',
    stages: [
      {
        kind: 'survey',
        title: 'About you',
        points: 50,
        config: {
          questions: [
            {
              id: 'role',
              prompt: 'What best describes your role?',
              type: 'choice',
              options: ['Data engineer', 'Analyst', 'Leader', 'Other'],
            },
            { id: 'goal', prompt: 'What do you want to get out of this community?', type: 'text', required: false },
          ],
        },
      },
    ],
  },
  {
    title: 'Lumen basics quiz',
    category: 'educational',
    description: 'Three questions on the essentials. You need every answer right; you have three tries.',
    completionBonus: 25,
    stages: [
      {
        kind: 'quiz',
        title: 'The quiz',
        points: 100,
        config: {
          passMark: 100,
          maxAttempts: 3,
          questions: [
            {
              id: 'q1',
              prompt: 'Which product schedules your data pipelines?',
              options: ['Lumen Pipelines', 'Lumen Governance', 'Lumen Embedded'],
              correct: [0],
            },
            {
              id: 'q2',
              prompt: 'Where do you define who may see a column?',
              options: ['Lumen Analytics', 'Lumen Governance'],
              correct: [1],
            },
            {
              id: 'q3',
              prompt: 'Which of these can Lumen Embedded put dashboards into?',
              options: ['Your own web app', 'A customer portal', 'A fax machine'],
              correct: [0, 1],
            },
          ],
        },
      },
    ],
  },
  {
    title: 'How likely are you to recommend Lumen?',
    category: 'feedback',
    description: 'One number, and a comment if you like. It goes straight to the product team.',
    stages: [{ kind: 'nps', title: 'Your score', points: 25 }],
  },
  {
    title: 'Share our 2026 launch post',
    category: 'social',
    repeat: { mode: 'times', limit: 3 },
    description: 'Share the launch announcement with your network on LinkedIn or X.',
    stages: [
      {
        kind: 'share_link',
        title: 'Share the post',
        points: 40,
        config: {
          url: 'https://lumen.example/blog/launch-2026',
          suggestedText: 'Lumen just shipped column-level lineage. We have been waiting for this!',
        },
      },
    ],
  },
  {
    title: 'Write a review on G2',
    category: 'advocacy',
    featured: true,
    description: 'Honest reviews help other teams decide. Tell them what Lumen does well, and what it does not.',
    completionBonus: 100,
    stages: [
      {
        kind: 'review',
        title: 'Publish your review',
        points: 500,
        config: { site: 'G2', url: 'https://g2.example/products/lumen/reviews' },
      },
    ],
  },
  {
    title: 'Review us on Gartner Peer Insights',
    category: 'advocacy',
    stages: [
      {
        kind: 'review',
        title: 'Publish your review',
        points: 500,
        config: { site: 'Gartner Peer Insights', url: 'https://gartner.example/reviews/lumen' },
      },
    ],
  },
  {
    title: 'Show off your best dashboard',
    category: 'fun',
    description: 'Share a link to a screenshot of a dashboard you are proud of (blur anything confidential).',
    stages: [
      {
        kind: 'proof',
        title: 'Link your screenshot',
        points: 150,
        config: { instructions: 'Upload the screenshot anywhere and paste the link.', accept: 'url' },
      },
    ],
  },
  {
    title: 'Read the 2027 roadmap',
    category: 'educational',
    stages: [
      { kind: 'visit', title: 'Open the roadmap', points: 20, config: { url: 'https://lumen.example/roadmap' } },
    ],
  },
  {
    title: 'Take a reference call',
    category: 'advocacy',
    description: 'A prospect in your industry wants to hear how you use Lumen. 30 minutes, scheduled around you.',
    prerequisites: { minLevelRank: 2 },
    stages: [{ kind: 'confirm', title: 'I took the call', points: 750, needsReview: true }],
  },
  {
    title: 'Check in at the Lumen Summit',
    category: 'event',
    description: 'Find the check-in code on the screens in the main hall.',
    stages: [{ kind: 'checkin', title: 'Check in', points: 100, config: { code: 'SUMMIT26' } }],
  },
  {
    title: 'Tip of the day',
    category: 'fun',
    repeat: { mode: 'daily', limit: 1 },
    description: 'Post one tip in the community each day.',
    stages: [{ kind: 'confirm', title: 'I posted a tip', points: 5 }],
  },
  {
    title: 'Case study: from interview to published story',
    category: 'advocacy',
    completionBonus: 500,
    description: 'Three steps to a published customer story about your team.',
    stages: [
      {
        kind: 'survey',
        title: 'Tell us the headline',
        points: 50,
        config: { questions: [{ id: 'result', prompt: 'What result would you put in the headline?', type: 'text' }] },
      },
      { kind: 'confirm', title: 'Do the 45-minute interview', points: 300, needsReview: true },
      {
        kind: 'proof',
        title: 'Approve the draft',
        points: 200,
        config: { instructions: 'Paste your written approval of the final draft.', accept: 'text' },
      },
    ],
  },
  {
    title: 'Speak at a Lumen meetup',
    category: 'advocacy',
    prerequisites: { minLevelRank: 3 },
    stages: [
      {
        kind: 'proof',
        title: 'Send your talk proposal',
        points: 1000,
        config: { instructions: 'Title and a short abstract.', accept: 'text' },
      },
    ],
  },
  {
    title: 'Refer a colleague',
    category: 'advocacy',
    repeat: { mode: 'times', limit: 5 },
    stages: [
      {
        kind: 'proof',
        title: 'Who should we talk to?',
        points: 250,
        config: { instructions: 'Name, company and email of a colleague who could use Lumen.', accept: 'text' },
      },
    ],
  },
  {
    title: 'Answer the quarterly survey',
    category: 'feedback',
    stages: [
      {
        kind: 'survey',
        title: 'Quarterly survey',
        points: 75,
        config: {
          questions: [
            { id: 'sat', prompt: 'How satisfied are you with support?', type: 'scale' },
            { id: 'wish', prompt: 'One thing you wish Lumen did', type: 'text', required: false },
          ],
        },
      },
    ],
  },
];

const NPS = [
  [10, 'Lumen changed how our team works.'],
  [9, 'Great product, great people.'],
  [9, 'Fast and dependable.'],
  [8, 'Good, the docs could be better.'],
  [7, 'Fine for us; pricing is a stretch.'],
  [4, 'Too many breaking changes this year.'],
  [10, 'Support is outstanding.'],
  [6, 'Solid, but setup took weeks.'],
  [9, 'Our analysts love it.'],
  [3, 'Performance problems on large models.'],
] as const;

function responseFor(kind: string, config: Record<string, unknown>, memberId = ''): Record<string, unknown> {
  switch (kind) {
    case 'quiz':
      return {
        answers: Object.fromEntries(
          (config.questions as { id: string; correct: number[] }[]).map((q) => [q.id, q.correct]),
        ),
      };
    case 'survey':
      return {
        answers: Object.fromEntries(
          (config.questions as { id: string; type: string }[]).map((q) => [
            q.id,
            q.type === 'scale' ? 8 : 'Faster answers to our questions',
          ]),
        ),
      };
    case 'nps': {
      const [score, comment] = NPS[parseInt(memberId.slice(0, 6) || '0', 16) % NPS.length]!;
      return { score, comment };
    }
    case 'review':
      return { proofUrl: 'https://g2.example/reviews/12345' };
    case 'proof':
      return config.accept === 'text'
        ? { text: 'Done: see the shared folder.' }
        : { url: 'https://images.example/dashboard.png' };
    case 'checkin':
      return { code: String(config.code) };
    default:
      return {};
  }
}

export async function seedEngine(db: Db, adminId: string, memberIds: string[], ada: string, timezone: string) {
  let now = new Date(Date.now() - 8 * 7 * 24 * HOUR);
  const uow = new UnitOfWork(db, new EventBus());
  const cache = new DefinitionCache();
  const badges = new BadgesService(db, uow, timezone, cache);
  const segments = new SegmentsService(db, cache, timezone, () => now);
  const completions = new CompletionsService(db, uow, timezone, () => now, badges, cache, segments);
  const admin = new ChallengesAdminService(db, cache);
  // Groups: a community group to join, and beta testers who see an extra challenge.
  const leaders = await groupsRepo.insert(db, {
    name: 'Data Leaders',
    description: 'Heads of data sharing what works.',
  });
  const beta = await groupsRepo.insert(db, { name: 'Beta testers', description: 'Early access to new features.' });
  await groupsRepo.addMembers(db, beta.id, [ada, ...memberIds.filter((_, i) => i % 5 === 0)]);
  // Segments: saved rules over profile fields, evaluated live.
  const actor = { id: adminId, ip: null };
  const segment = (name: string, description: string, rule: SegmentBody['rule']) =>
    segments.create(actor, { name, description, rule });
  const detractors = await segment('Detractors', 'Last NPS answer 0–6: listen first, ask later.', {
    match: 'all',
    conditions: [{ field: 'last_nps', op: 'detractor' }],
  });
  await segment('Promoters', 'Last NPS answer 9 or 10.', {
    match: 'all',
    conditions: [{ field: 'last_nps', op: 'promoter' }],
  });
  const presenters = await segment('Presenters', 'Speakers, user-group regulars and champions.', {
    match: 'any',
    conditions: [
      { field: 'tags', op: 'has_any', values: ['speaker', 'user-group'] },
      { field: 'persona', op: 'is', values: ['Champion'] },
    ],
  });
  await segment('Pipelines customers in North America', 'Lumen Pipelines users in the NA region.', {
    match: 'all',
    conditions: [
      { field: 'products', op: 'has_any', values: ['Lumen Pipelines'] },
      { field: 'region', op: 'is', values: ['NA'] },
    ],
  });
  await segment('Joined in the last 30 days', 'Newcomers: make their first week count.', {
    match: 'all',
    conditions: [{ field: 'joined', op: 'within_days', days: 30 }],
  });
  const extra: Body[] = [
    {
      title: 'Join the Data Leaders circle',
      category: 'event',
      description: 'A small group of heads of data who meet monthly. Join it here.',
      stages: [{ kind: 'join_group', title: 'Join the group', points: 30, config: { groupId: leaders.id } }],
    },
    {
      title: 'Try the column lineage beta',
      category: 'feedback',
      featured: true,
      targeting: { includeGroupIds: [beta.id] },
      description: 'For beta testers: turn on lineage in one project and tell us what you think.',
      stages: [
        {
          kind: 'survey',
          title: 'Your first impressions',
          points: 150,
          config: { questions: [{ id: 'first', prompt: 'What did you try, and how did it go?', type: 'text' }] },
        },
      ],
    },
  ];
  const created: AdminChallenge[] = [];
  // Reference calls never go to detractors; meetup talks are for presenters.
  const audience: Record<string, CreateChallengeBody['targeting']> = {
    'Take a reference call': { excludeSegmentIds: [detractors.id] },
    'Speak at a Lumen meetup': { includeSegmentIds: [presenters.id] },
  };
  for (const body of [...DEMO_CHALLENGES, ...extra])
    created.push(
      await admin.create(
        adminId,
        { ...body, targeting: body.targeting ?? audience[body.title], status: 'published' },
        null,
      ),
    );
  const byTitle = (t: string) => created.find((c) => c.title.startsWith(t))!;

  await badges.create(
    adminId,
    {
      name: 'First steps',
      art: { design: 'heart', tier: 'bronze' },
      description: 'Told us about yourself.',
      rule: { type: 'challenge_done', challengeId: byTitle('Welcome').id },
    },
    null,
  );
  await badges.create(
    adminId,
    {
      name: 'Quiz whiz',
      art: { design: 'bolt', tier: 'silver' },
      description: 'Passed the Lumen basics quiz.',
      rule: { type: 'challenge_done', challengeId: byTitle('Lumen basics').id },
    },
    null,
  );
  await badges.create(
    adminId,
    {
      name: 'Reviewer',
      art: { design: 'bubble', tier: 'silver' },
      description: 'Published a review.',
      rule: { type: 'completions_count', count: 1, stageKind: 'review' },
    },
    null,
  );
  await badges.create(
    adminId,
    {
      name: 'On a roll',
      art: { design: 'flame', tier: 'gold' },
      description: 'Active three weeks in a row.',
      rule: { type: 'weekly_streak', weeks: 3 },
    },
    null,
  );
  await badges.create(
    adminId,
    {
      name: 'Champion',
      art: { design: 'trophy', tier: 'gold' },
      description: 'Reached the Champion level.',
      rule: { type: 'level_reached', rank: 3 },
    },
    null,
  );
  await badges.create(
    adminId,
    {
      name: 'Community hero',
      art: { design: 'crown', tier: 'platinum' },
      description: 'Awarded by the program team for going above and beyond.',
      rule: { type: 'manual' },
    },
    null,
  );

  const submit = async (memberId: string, c: (typeof created)[number], stageIndex = 0) => {
    const s = c.stages[stageIndex]!;
    try {
      return await completions.submit(
        memberId,
        c.id,
        { stageId: s.id, response: responseFor(s.kind, s.config, memberId) },
        null,
      );
    } catch {
      return null; // caps, locks: the demo simply skips what the rules refuse
    }
  };
  // Eight weeks of history, a few actions a day, more from the keen members.
  const easy = [
    'Welcome',
    'Lumen basics',
    'How likely',
    'Share our',
    'Read the 2027',
    'Tip of the day',
    'Answer the quarterly',
    'Show off',
  ].map(byTitle);
  for (let day = 0; day < 56; day++) {
    now = new Date(Date.now() - (56 - day) * 24 * HOUR + 10 * HOUR);
    for (let i = 0; i < 4; i++) {
      const who = memberIds[(day * 7 + i * 13) % memberIds.length]!;
      const keen = memberIds.indexOf(who) % 4 === 0;
      await submit(who, easy[(day + i) % easy.length]!);
      if (keen) await submit(who, byTitle('Tip of the day'));
    }
    if (day % 5 === 0) {
      const who = memberIds[(day * 3) % memberIds.length]!;
      const r = await submit(who, byTitle(day % 10 === 0 ? 'Write a review' : 'Review us'));
      if (r && r.result.status === 'pending' && day < 45)
        await completions.review(adminId, r.result.id, 'approve', 'Thank you for the review!', null);
    }
  }
  // Ada: a good start, with a review waiting for the program team.
  now = new Date(Date.now() - 2 * 24 * HOUR);
  await submit(ada, byTitle('Welcome'));
  await submit(ada, byTitle('How likely'));
  now = new Date(Date.now() - 3 * HOUR);
  await submit(ada, byTitle('Write a review'));
  return created.length;
}
