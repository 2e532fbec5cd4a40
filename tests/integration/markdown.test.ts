import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeChallenge, signedIn, type TestApp } from './helpers.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
let advocate: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
  advocate = await signedIn(t);
});
afterAll(async () => {
  await t.close();
});

/** Payloads an API client that renders markdown with raw HTML on would run. */
const ATTACKS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  'Read this <script>alert(document.cookie)</script> first',
  '<a href="javascript:alert(1)" onclick="alert(2)">click</a>',
  '<<b>img src=x onerror=alert(1)>',
];
const DANGEROUS = /<\s*(img|script|a|b)\b|onerror|onclick|javascript:|alert\(document/i;

/** Markdown that must come back exactly as written. */
const LEGIT = [
  '**bold**, _em_ and [a link](https://example.com)',
  '- one\n- two\n\n1. first\n2. second',
  'If a < b and c > d, then AT&T &amp; friends: 3 <4',
  '> a quote\n> on two lines',
  'Use `<b>` for bold, and <https://example.com> as an autolink.',
  '```html\n<script>alert("shown as code")</script>\n```',
];

const challengeBody = (text: string) => ({
  description: text,
  stages: [
    { kind: 'confirm', title: 'Confirm', points: 10, body: text },
    { kind: 'proof', title: 'Proof', points: 10, config: { instructions: `Paste a link.\n\n${text}`, accept: 'url' } },
  ],
});

async function challengeTexts(id: string) {
  const asAdmin = (await admin.as({ method: 'GET', url: `/api/admin/challenges/${id}` })).json().challenge;
  const asAdvocate = (await advocate.as({ method: 'GET', url: `/api/challenges/${id}` })).json().challenge;
  return [asAdmin, asAdvocate].flatMap((c) => [
    c.description as string,
    c.stages[0].body as string,
    c.stages[1].config.instructions as string,
  ]);
}

async function rewardTexts(id: string) {
  const asAdmin = (await admin.as({ method: 'GET', url: `/api/admin/rewards/${id}` })).json().reward;
  const asAdvocate = (await advocate.as({ method: 'GET', url: `/api/rewards/${id}` })).json().reward;
  return [asAdmin.description as string, asAdvocate.description as string];
}

async function createReward(description: string) {
  const r = await admin.as({
    method: 'POST',
    url: '/api/admin/rewards',
    payload: { name: 'Sticker pack', type: 'item', cost: 10, stock: null, status: 'published', description },
  });
  expect(r.statusCode).toBe(201);
  return r.json().reward.id as string;
}

describe('markdown fields lose their raw HTML when saved', () => {
  it.each(ATTACKS)('challenge description, stage text and proof instructions: %s', async (attack) => {
    const created = await makeChallenge(admin, challengeBody(attack));
    for (const text of await challengeTexts(created.id)) expect(text).not.toMatch(DANGEROUS);

    const patched = await admin.as({
      method: 'PATCH',
      url: `/api/admin/challenges/${created.id}`,
      payload: challengeBody(`Updated. ${attack}`),
    });
    expect(patched.statusCode).toBe(200);
    for (const text of await challengeTexts(created.id)) {
      expect(text).toMatch(/^(Paste a link\.\n\n)?Updated\./);
      expect(text).not.toMatch(DANGEROUS);
    }
  });

  it.each(ATTACKS)('reward description: %s', async (attack) => {
    const id = await createReward(attack);
    for (const text of await rewardTexts(id)) expect(text).not.toMatch(DANGEROUS);

    const patched = await admin.as({
      method: 'PATCH',
      url: `/api/admin/rewards/${id}`,
      payload: { description: `Updated. ${attack}` },
    });
    expect(patched.statusCode).toBe(200);
    for (const text of await rewardTexts(id)) {
      expect(text).toMatch(/^Updated\./);
      expect(text).not.toMatch(DANGEROUS);
    }
  });

  it('proof instructions that are nothing but HTML are refused as empty', async () => {
    const r = await admin.as({
      method: 'POST',
      url: '/api/admin/challenges',
      payload: {
        title: 'Only HTML',
        stages: [{ kind: 'proof', title: 'Proof', points: 10, config: { instructions: '<script>x</script>' } }],
      },
    });
    expect(r.statusCode).toBe(400);
    expect(Object.keys(r.json().error.details.fields)).toContain('stages.0.config.instructions');
  });

  it.each(LEGIT)('markdown round-trips unchanged: %j', async (text) => {
    const challenge = await makeChallenge(admin, challengeBody(text));
    expect(await challengeTexts(challenge.id)).toEqual(
      Array.from({ length: 2 }, () => [text, text, `Paste a link.\n\n${text}`]).flat(),
    );
    expect(await rewardTexts(await createReward(text))).toEqual([text, text]);
  });
});
