import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { passwordProblems } from '@advocate-hub/shared';
import { levelFor } from '../../server/src/modules/levels/levels.repo.js';
import { generateCode } from '../../server/src/modules/join-codes/join-codes.service.js';
import { isDatabaseUnavailable } from '../../server/src/db/client.js';
import { loggerOptions } from '../../server/src/app.js';

describe('password policy', () => {
  it('needs at least 10 characters and not the email', () => {
    expect(passwordProblems('short', 'a@b.co')).toEqual(['too_short']);
    expect(passwordProblems('someone@example.com', 'someone@example.com')).toEqual(['is_email']);
    expect(passwordProblems('SOMEONE@example.com ', 'someone@example.com')).toEqual(['is_email']);
    expect(passwordProblems('longenoughname', 'longenoughname@example.com')).toEqual(['is_email']);
    expect(passwordProblems('a-perfectly-fine-one', 'someone@example.com')).toEqual([]);
  });
  it('counts characters, not bytes', () => {
    expect(passwordProblems('🔒🔒🔒🔒🔒🔒🔒🔒🔒', null)).toEqual(['too_short']);
    expect(passwordProblems('🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒', null)).toEqual([]);
  });
});

describe('levels', () => {
  const levels = [
    { id: '1', name: 'Insider', rank: 1, threshold: 0 },
    { id: '2', name: 'Advocate', rank: 2, threshold: 500 },
    { id: '3', name: 'Champion', rank: 3, threshold: 2000 },
  ];
  it('a member reaches the highest threshold at or below lifetime points', () => {
    expect(levelFor(levels, 0)).toEqual({ current: levels[0], next: levels[1] });
    expect(levelFor(levels, 499).current?.name).toBe('Insider');
    expect(levelFor(levels, 500).current?.name).toBe('Advocate');
    expect(levelFor(levels, 10_000)).toEqual({ current: levels[2], next: null });
    expect(levelFor([], 10)).toEqual({ current: null, next: null });
  });
  it('property: current.threshold ≤ lifetime < next.threshold, monotone in points', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (a, b) => {
        const { current, next } = levelFor(levels, a);
        if (current) expect(current.threshold).toBeLessThanOrEqual(a);
        if (next) expect(next.threshold).toBeGreaterThan(a);
        const lo = levelFor(levels, Math.min(a, b)).current?.rank ?? 0;
        const hi = levelFor(levels, Math.max(a, b)).current?.rank ?? 0;
        expect(lo).toBeLessThanOrEqual(hi);
      }),
    );
  });
});

describe('join codes', () => {
  it('are generated readable: no 0/O/1/I, four characters, a dash, four more', () => {
    for (let i = 0; i < 200; i++) expect(generateCode()).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  });
});

describe('database outage detection', () => {
  it('recognises connection loss but not ordinary SQL errors', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable({ message: 'x', code: '57P01' })).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: { code: '57P01' } }))).toBe(true);
    expect(isDatabaseUnavailable({ message: 'duplicate key', code: '23505' })).toBe(false);
  });
});

describe('logging', () => {
  it('keeps invite tokens out of logged URLs', () => {
    const opts = loggerOptions('info') as { serializers: { req: (r: object) => { url: string } } };
    const out = opts.serializers.req({ method: 'GET', url: '/api/auth/invites/SECRETTOKEN123', ip: '1.2.3.4' });
    expect(out.url).toBe('/api/auth/invites/[redacted]');
    expect(opts.serializers.req({ method: 'GET', url: '/invite/abc?x=1' }).url).toBe('/invite/[redacted]?x=1');
  });
});
