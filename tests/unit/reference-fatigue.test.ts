import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REFERENCE_SETTINGS, REFERENCE_PERIOD_DAYS, type AskKind } from '@advocate-hub/shared';
import { blackedOut, fatigueOf, fitOf } from '../../server/src/modules/references/fatigue.js';

const NOW = new Date('2027-03-15T12:00:00Z');
const DAY = 86_400_000;
const PERIOD = REFERENCE_PERIOD_DAYS * DAY;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

describe('fatigue rules', () => {
  it('counts the period and says when a full person cap lifts (the oldest ask ageing out)', () => {
    const s = { ...DEFAULT_REFERENCE_SETTINGS, personAsksPerPeriod: 2 };
    const f = fatigueOf(
      s,
      {
        memberAsks: [
          { kind: 'case_study', askedAt: ago(80) },
          { kind: 'call', askedAt: ago(10) },
        ],
        accountAsks: [ago(80), ago(10)],
        restUntil: null,
      },
      'case_study',
      NOW,
    );
    expect(f).toMatchObject({ asksInPeriod: 2, callsInPeriod: 1, blockedBy: 'person_cap' });
    expect(f.availableAt).toBe(new Date(ago(80).getTime() + PERIOD).toISOString());
  });

  it('holds calls only to the call cap, and rests after a call', () => {
    const s = { ...DEFAULT_REFERENCE_SETTINGS, personCallsPerPeriod: 1 };
    const facts = { memberAsks: [{ kind: 'call', askedAt: ago(5) }], accountAsks: [ago(5)], restUntil: null };
    expect(fatigueOf(s, facts, 'call', NOW).blockedBy).toBe('call_cap');
    expect(fatigueOf(s, facts, 'case_study', NOW).blockedBy).toBeNull();
    const resting = fatigueOf(s, { ...facts, restUntil: new Date(NOW.getTime() + DAY) }, 'case_study', NOW);
    expect(resting).toMatchObject({ blockedBy: 'rest_days', availableAt: new Date(NOW.getTime() + DAY).toISOString() });
    expect(fatigueOf(s, { ...facts, restUntil: ago(1) }, 'case_study', NOW).restUntil).toBeNull();
  });

  it('blocks exactly when a count has reached its cap, and a block always lifts later (property)', () => {
    const kind = fc.constantFrom<AskKind>('call', 'case_study', 'referral', 'review');
    fc.assert(
      fc.property(
        fc.record({
          person: fc.integer({ min: 1, max: 6 }),
          calls: fc.integer({ min: 1, max: 4 }),
          account: fc.integer({ min: 1, max: 8 }),
        }),
        fc.array(fc.tuple(kind, fc.integer({ min: 0, max: REFERENCE_PERIOD_DAYS - 1 })), { maxLength: 10 }),
        fc.integer({ min: 0, max: 10 }),
        kind,
        (caps, mine, others, asking) => {
          const s = {
            ...DEFAULT_REFERENCE_SETTINGS,
            personAsksPerPeriod: caps.person,
            personCallsPerPeriod: caps.calls,
            accountAsksPerPeriod: caps.account,
          };
          const memberAsks = mine.map(([k, d]) => ({ kind: k, askedAt: ago(d) }));
          const accountAsks = [...memberAsks.map((a) => a.askedAt), ...Array.from({ length: others }, () => ago(1))];
          const f = fatigueOf(s, { memberAsks, accountAsks, restUntil: null }, asking, NOW);
          const calls = memberAsks.filter((a) => a.kind === 'call').length;
          const full =
            memberAsks.length >= caps.person ||
            (asking === 'call' && calls >= caps.calls) ||
            accountAsks.length >= caps.account;
          expect(f.blockedBy !== null).toBe(full);
          if (full) expect(new Date(f.availableAt!).getTime()).toBeGreaterThan(NOW.getTime());
        },
      ),
    );
  });
});

describe('fit', () => {
  it('weighs product, industry, region, size and language, ignoring what the request leaves open', () => {
    const p = {
      products: ['Analytics'],
      industry: 'retail',
      region: 'EMEA',
      companySize: '51-200',
      languages: ['French'],
    };
    const all = fitOf(
      { product: 'analytics', industry: 'Retail', region: 'emea', companySize: '51-200', language: 'french' },
      p,
    );
    expect(all.fit).toBe(11);
    const open = fitOf({ product: 'Other', industry: null, region: null, companySize: null, language: null }, p);
    expect(open).toEqual({ fit: 0, reasons: [{ what: 'Uses Other', matches: false }] });
  });

  it('knows blackout ranges, inclusive', () => {
    const b = [{ from: '2027-04-01', to: '2027-04-10' }];
    expect([blackedOut(b, '2027-04-01'), blackedOut(b, '2027-04-10'), blackedOut(b, '2027-04-11')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
