import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seeds/demo.js';
import type { LightMyRequestResponse } from '../../server/src/db/kit.js';
import { createTestApp, isolatedDatabase, login, cookieHeader, type TestApp } from './helpers.js';

// The demo program on its own database: the dashboard has something to draw, and the leak can be activated.
let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
let t: TestApp;
beforeAll(async () => {
  iso = await isolatedDatabase();
  await seedDemo(iso.database.db);
  t = await createTestApp({ database: iso.database });
}, 120_000);
afterAll(async () => {
  await t.close();
  await iso.drop();
});

describe('analytics on the demo program', () => {
  it('shows acts of advocacy with value, retention cohorts and a leak among promoters that one click activates', async () => {
    const jar = await login(t.app, 'admin@demo.test', 'demo-password');
    const as = (o: {
      method: 'GET' | 'POST';
      url: string;
      payload?: Record<string, unknown>;
    }): Promise<LightMyRequestResponse> => t.app.inject({ ...o, headers: { cookie: cookieHeader(jar) } });
    const o = (
      await as({
        method: 'GET',
        url: '/api/admin/analytics/overview?from=' + new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10),
      })
    ).json().overview;
    expect(o.acts.total).toBeGreaterThan(5);
    expect(o.acts.totalCents).toBeGreaterThan(0);
    expect(o.retention.length).toBeGreaterThan(3);
    expect(o.funnel[0].count).toBeGreaterThan(o.funnel[1].count);
    const leak = (await as({ method: 'GET', url: '/api/admin/analytics/leak?days=90' })).json();
    const promoters = leak.segments.find((s: { name: string }) => s.name === 'Promoters');
    expect(promoters.count).toBeGreaterThanOrEqual(5);
    const res = await as({
      method: 'POST',
      url: '/api/admin/analytics/leak/activations',
      payload: { days: 90, segmentId: promoters.id },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().activation.cohortSize).toBe(promoters.count);
  }, 60_000);
});
