import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complete, createTestApp, makeChallenge, signedIn, type TestApp } from './helpers.js';

// The engine's clock is moved across Berlin's DST changes; completions are timestamped with it.
let now = new Date();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: () => now }, { PROGRAM_TIMEZONE: 'Europe/Berlin' });
});
afterAll(async () => {
  await t.close();
});

async function at(iso: string, fn: () => Promise<number>) {
  now = new Date(iso);
  return fn();
}

describe('per-day caps reset at local midnight in PROGRAM_TIMEZONE', () => {
  it('across the spring-forward night (23-hour day)', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const c = await makeChallenge(admin, { repeat: { mode: 'daily', limit: 1 } });
    const m = await signedIn(t);
    const go = () => complete(m, c.id).then((r) => r.statusCode);
    expect(await at('2026-03-28T22:30:00Z', go)).toBe(201); // 23:30 Sat local (UTC+1)
    expect(await at('2026-03-28T22:50:00Z', go)).toBe(409); // 23:50 same local day
    expect(await at('2026-03-28T23:10:00Z', go)).toBe(201); // 00:10 Sun local: a new day, same UTC day
    expect(await at('2026-03-29T21:30:00Z', go)).toBe(409); // 23:30 Sun local (UTC+2): still Sunday
    const view = (await m.as({ method: 'GET', url: `/api/challenges/${c.id}` })).json().challenge;
    expect(view).toMatchObject({ myStatus: 'completed', availableAgainAt: '2026-03-29T22:00:00.000Z' });
    expect(await at('2026-03-29T22:05:00Z', go)).toBe(201); // 00:05 Mon local
  });

  it('across the fall-back night (25-hour day)', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const c = await makeChallenge(admin, { repeat: { mode: 'daily', limit: 2 } });
    const m = await signedIn(t);
    const go = () => complete(m, c.id).then((r) => r.statusCode);
    expect(await at('2026-10-24T22:30:00Z', go)).toBe(201); // 00:30 Sun local (UTC+2)
    expect(await at('2026-10-25T00:30:00Z', go)).toBe(201); // 02:30 first pass (UTC+2)
    expect(await at('2026-10-25T01:30:00Z', go)).toBe(409); // 02:30 second pass (UTC+1): same day, cap 2
    expect(await at('2026-10-25T22:30:00Z', go)).toBe(409); // 23:30 Sun local (UTC+1)
    expect(await at('2026-10-25T23:00:00Z', go)).toBe(201); // 00:00 Mon local
  });

  it('the 409 says when the challenge opens again', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const c = await makeChallenge(admin, { repeat: { mode: 'daily', limit: 1 } });
    const m = await signedIn(t);
    now = new Date('2026-06-10T08:00:00Z');
    await complete(m, c.id);
    const r = await complete(m, c.id);
    expect(r.json().error).toMatchObject({
      code: 'challenges.daily_cap_reached',
      details: { availableAgainAt: '2026-06-10T22:00:00.000Z' },
    });
  });
});
