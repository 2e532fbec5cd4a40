/**
 * The demo community: a pinned welcome post, an Introductions thread that opens with a few easy
 * questions, and a conversation or two in each category; plus the "Introduce yourself" challenge,
 * whose community-post stage completes itself when an advocate posts in Introductions.
 */
import crypto from 'node:crypto';
import { ChallengesAdminService, DefinitionCache, sql, type Db } from '../server/src/db/kit.js';

const HOUR = 3600_000;

interface SeedPost {
  by: number | 'admin' | 'mod';
  body: string;
  hoursAgo: number;
  reactions?: number;
}
interface SeedThread {
  slug: string;
  title: string;
  pinned?: boolean;
  posts: SeedPost[];
  /** Index of the accepted answer among the posts (Q&A categories). */
  accepted?: number;
}

/** Threads the demo's challenges point to (their descriptions link to them). */
const TIP_THREAD = 'Tip of the day: one tip, one reply';
const LEADERS_THREAD = 'Data Leaders circle: monthly meetups';

const THREADS: SeedThread[] = [
  {
    slug: 'welcome',
    title: 'Welcome to Lumen Champions: start here',
    pinned: true,
    posts: [
      {
        by: 'admin',
        hoursAgo: 24 * 60,
        body: `Welcome! This is where Lumen customers, partners and the Lumen team share what works.

**How it works**
- Say hello in **Introductions**: who you are and what you build.
- Ask anything in **Product Feedback** and **Best Practices**; mark the answer that helped you.
- Read **News & Events** for releases, webinars and meetups.
- Posting, answering and helping others earns participation points (up to a daily cap).

**House rules**
1. Be kind and assume good intent.
2. No selling, no spam, no personal data of others.
3. Flag what breaks these rules: moderators review every flag.

Glad you are here. — The Lumen community team`,
      },
    ],
  },
  {
    slug: 'introductions',
    title: 'Introduce yourself: who are you and what are you building?',
    pinned: true,
    posts: [
      {
        by: 'mod',
        hoursAgo: 24 * 58,
        body: `New here? Tell us a little about you. A few easy questions to get going:

1. What is your role, and where do you work?
2. What are you building with Lumen?
3. One tip you would give someone starting out.
4. Something fun: your favourite tool, book or weekend plan.

Posting here completes the **Introduce yourself** challenge.`,
      },
      {
        by: 0,
        hoursAgo: 24 * 40,
        reactions: 4,
        body: `Hi all! I lead analytics engineering at a retail group. We moved our daily sales pipelines to Lumen Pipelines last spring.
Tip: version your models from day one. Fun fact: I bake sourdough every Sunday.`,
      },
      {
        by: 1,
        hoursAgo: 24 * 30,
        reactions: 2,
        body: `Hello from the data platform team at a hospital network. We use Lumen Analytics for bed occupancy dashboards.
Tip: start with one metric everybody agrees on.`,
      },
      {
        by: 2,
        hoursAgo: 24 * 12,
        body: `Hey everyone, consultant here. I help mid-size companies set up Lumen Governance. Happy to answer access-control questions!`,
      },
    ],
  },
  {
    slug: 'news-events',
    title: 'Lumen Summit 2026: agenda, meetups and the champions dinner',
    posts: [
      {
        by: 'admin',
        hoursAgo: 24 * 20,
        reactions: 6,
        body: `The Lumen Summit is coming! Three tracks (engineering, analytics, leadership), a hands-on lab and the champions dinner.
Check in at the venue with the code from the event app to earn the **Check in at the Lumen Summit** challenge.`,
      },
      { by: 3, hoursAgo: 24 * 18, body: 'Will the lab sessions be recorded? Our team is split across two time zones.' },
      { by: 'admin', hoursAgo: 24 * 17, body: 'Yes, every lab is recorded and shared here a week after the summit.' },
    ],
  },
  {
    slug: 'product-feedback',
    title: 'Can Pipelines schedules follow the local time zone?',
    accepted: 2,
    posts: [
      {
        by: 4,
        hoursAgo: 24 * 9,
        body: 'Our 06:00 job runs at 07:00 half the year because schedules are in UTC. Is there a way to pin them to Europe/Berlin?',
      },
      { by: 5, hoursAgo: 24 * 9 - 3, body: 'Same problem here in Sydney. Would love a per-schedule time zone.' },
      {
        by: 6,
        hoursAgo: 24 * 8,
        reactions: 5,
        body: `You can already: open the schedule, choose **Advanced → Time zone**, and pick an IANA zone. It follows daylight saving.
It is hidden behind the advanced toggle, which is easy to miss.`,
      },
      { by: 4, hoursAgo: 24 * 8 - 2, body: 'That was it, thank you! Marking this as the answer.' },
    ],
  },
  {
    slug: 'best-practices',
    title: TIP_THREAD,
    pinned: true,
    posts: [
      {
        by: 'admin',
        hoursAgo: 24 * 20,
        body: `One tip a day, one reply each: a shortcut, a query pattern, a setting you wish you had found sooner.
Post yours as a reply here, then mark the **Tip of the day** challenge done.`,
      },
      {
        by: 3,
        hoursAgo: 24 * 2,
        reactions: 2,
        body: 'Name your schedules after the question they answer, not the table.',
      },
    ],
  },
  {
    slug: 'thought-leadership',
    title: LEADERS_THREAD,
    posts: [
      {
        by: 'admin',
        hoursAgo: 24 * 12,
        body: `The home of the **Data Leaders** circle: heads of data who meet once a month. Join the group with the
challenge, then say here what you would like the next meeting to cover.`,
      },
      { by: 5, hoursAgo: 24 * 9, body: 'Count me in. I would like to compare how we staff on-call for pipelines.' },
    ],
  },
  {
    slug: 'thought-leadership',
    title: 'Data contracts: hype, or here to stay?',
    posts: [
      {
        by: 7,
        hoursAgo: 24 * 6,
        reactions: 3,
        body: `We introduced data contracts between product teams and the data team a year ago. Fewer broken dashboards, but more meetings.
Where do you land?`,
      },
      {
        by: 8,
        hoursAgo: 24 * 5,
        body: 'Here to stay, but only where a producer and a consumer actually talk. A contract nobody owns is just a YAML file.',
      },
      { by: 0, hoursAgo: 24 * 4, body: 'Agreed. We start with the three tables that page someone at night.' },
    ],
  },
  {
    slug: 'best-practices',
    title: 'How do you structure dashboards for executives?',
    accepted: 1,
    posts: [
      {
        by: 9,
        hoursAgo: 24 * 3,
        body: 'Our board deck has 40 charts. What does a good executive dashboard look like to you?',
      },
      {
        by: 1,
        hoursAgo: 24 * 3 - 5,
        reactions: 4,
        body: `Five numbers on top, each with its target and trend; one page per question below. If a chart does not change a decision, it goes.`,
      },
      {
        by: 10,
        hoursAgo: 24 * 2,
        body: 'We add a "what changed this week" note written by a person. It gets read more than any chart.',
      },
    ],
  },
  {
    slug: 'fun',
    title: 'What is on your desk today?',
    posts: [
      { by: 11, hoursAgo: 30, reactions: 2, body: 'A cold coffee, a rubber duck and three monitors of failing tests.' },
      { by: 12, hoursAgo: 20, body: 'A cat. Sitting exactly on the keyboard. As always.' },
      { by: 2, hoursAgo: 6, body: 'A plant I have kept alive for a whole year. Personal record.' },
    ],
  },
];

const hash = (body: string) =>
  crypto.createHash('md5').update(body.toLowerCase().replace(/\s+/g, ' ').trim()).digest('hex');

export async function seedCommunity(db: Db, adminId: string, memberIds: string[]): Promise<void> {
  const mod = await db.execute<{ id: string }>(sql`select id from members where email = 'mod@demo.test'`);
  const modId = mod.rows[0]?.id ?? adminId;
  const who = (by: SeedPost['by']) =>
    by === 'admin' ? adminId : by === 'mod' ? modId : memberIds[by % memberIds.length]!;
  const categories = await db.execute<{ id: string; slug: string }>(sql`select id, slug from community_categories`);
  const category = (slug: string) => categories.rows.find((c) => c.slug === slug)?.id;
  const now = Date.now();

  await db.transaction(async (tx) => {
    for (const t of THREADS) {
      const categoryId = category(t.slug);
      if (!categoryId) continue;
      const first = t.posts[0]!;
      const created = new Date(now - first.hoursAgo * HOUR).toISOString();
      const thread = await tx.execute<{ id: string }>(sql`
        insert into community_threads (category_id, author_id, title, pinned, created_at, last_post_at)
        values (${categoryId}, ${who(first.by)}, ${t.title}, ${t.pinned ?? false}, ${created}::timestamptz,
          ${created}::timestamptz)
        returning id`);
      const threadId = thread.rows[0]!.id;
      for (const [i, p] of t.posts.entries()) {
        const at = new Date(now - p.hoursAgo * HOUR).toISOString();
        const post = await tx.execute<{ id: string }>(sql`
          insert into community_posts (thread_id, author_id, body, body_hash, first, created_at)
          values (${threadId}, ${who(p.by)}, ${p.body}, ${hash(p.body)}, ${i === 0}, ${at}::timestamptz)
          returning id`);
        const postId = post.rows[0]!.id;
        const reactors = memberIds.filter((id) => id !== who(p.by)).slice(i, i + (p.reactions ?? 0));
        for (const [r, memberId] of reactors.entries())
          await tx.execute(sql`insert into community_reactions (post_id, member_id, kind)
            values (${postId}, ${memberId}, ${r % 3 === 2 ? 'insightful' : 'like'})`);
        if (reactors.length)
          await tx.execute(sql`update community_posts set reaction_counts = (
              select jsonb_object_agg(kind, n) from (select kind, count(*)::int as n from community_reactions
                where post_id = ${postId} group by kind) k)
            where id = ${postId}`);
        if (t.accepted === i)
          await tx.execute(sql`update community_threads set accepted_post_id = ${postId} where id = ${threadId}`);
      }
      await tx.execute(sql`update community_threads t set
          reply_count = (select count(*)::int - 1 from community_posts p where p.thread_id = t.id),
          last_post_at = (select max(created_at) from community_posts p where p.thread_id = t.id),
          last_post_seq = (select max(seq) from community_posts p where p.thread_id = t.id),
          last_author_id = (select author_id from community_posts p where p.thread_id = t.id order by seq desc limit 1)
        where t.id = ${threadId}`);
    }
  });

  // Challenges that send members to the community link to the real threads.
  const linkTo = async (challenge: string, thread: string, text: string) =>
    db.execute(sql`update challenges c set description = ${text} || ' [' || t.title || '](/community/threads/' || t.id || ')'
      from community_threads t where c.title = ${challenge} and t.title = ${thread}`);
  await linkTo('Tip of the day', TIP_THREAD, 'Post one tip each day as a reply in');
  await linkTo(
    'Join the Data Leaders circle',
    LEADERS_THREAD,
    'A small group of heads of data who meet monthly: join the group here, then say hello in',
  );

  const introductions = category('introductions');
  if (introductions) {
    const admin = new ChallengesAdminService(db, new DefinitionCache());
    await admin.create(
      adminId,
      {
        title: 'Introduce yourself',
        category: 'fun',
        featured: true,
        sortOrder: -5,
        description:
          'Say hello in the community: who you are, what you build with Lumen, one tip for newcomers. This challenge completes itself when you post in Introductions.',
        stages: [
          {
            kind: 'community_post',
            title: 'Post your introduction',
            points: 40,
            config: { categoryId: introductions, minLength: 40, threadOnly: false },
          },
        ],
        status: 'published',
      },
      null,
    );
  }
}
