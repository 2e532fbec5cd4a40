/** The fatigue rules, pure: what the ledger's facts allow for one more ask. Unit- and property-tested. */
import { REFERENCE_PERIOD_DAYS, type AskKind, type Fatigue, type ReferenceSettings } from '@advocate-hub/shared';
import type { FatigueFacts } from './references.repo.js';

const PERIOD_MS = REFERENCE_PERIOD_DAYS * 86_400_000;

/**
 * When a count of `times` (in the period) drops below `cap`: the oldest asks age out one by one, so
 * it is when the (n − cap + 1)-th oldest leaves the period. Null when already below.
 */
function liftsAt(times: Date[], cap: number): Date | null {
  if (times.length < cap) return null;
  const sorted = [...times].sort((a, b) => a.getTime() - b.getTime());
  return new Date(sorted[sorted.length - cap]!.getTime() + PERIOD_MS);
}

/**
 * Where a person stands for one more ask of `kind`: the counts, the first rule it would break
 * (rest after a call, the person's cap, the call cap for a call, the account's cap) and when every
 * rule that blocks it lifts.
 */
export function fatigueOf(s: ReferenceSettings, f: FatigueFacts, kind: AskKind, now: Date): Fatigue {
  const calls = f.memberAsks.filter((a) => a.kind === 'call').map((a) => a.askedAt);
  const restUntil = f.restUntil && f.restUntil > now ? f.restUntil : null;
  const rules: [Fatigue['blockedBy'], Date | null][] = [
    ['rest_days', restUntil],
    [
      'person_cap',
      liftsAt(
        f.memberAsks.map((a) => a.askedAt),
        s.personAsksPerPeriod,
      ),
    ],
    ['call_cap', kind === 'call' ? liftsAt(calls, s.personCallsPerPeriod) : null],
    ['account_cap', liftsAt(f.accountAsks, s.accountAsksPerPeriod)],
  ];
  const blocking = rules.filter(([, at]) => at !== null) as [Fatigue['blockedBy'], Date][];
  const availableAt = blocking.reduce<Date | null>((m, [, at]) => (!m || at > m ? at : m), null);
  return {
    asksInPeriod: f.memberAsks.length,
    callsInPeriod: calls.length,
    accountAsksInPeriod: f.accountAsks.length,
    restUntil: restUntil?.toISOString() ?? null,
    blockedBy: blocking[0]?.[0] ?? null,
    availableAt: availableAt?.toISOString() ?? null,
  };
}

/** How well a person fits a request, and why: product 4, industry 3, region 2, size 1, language 1. */
export function fitOf(
  request: {
    product: string;
    industry: string | null;
    region: string | null;
    companySize: string | null;
    language: string | null;
  },
  profile: {
    products: string[];
    industry: string | null;
    region: string | null;
    companySize: string | null;
    languages: string[];
  },
): { fit: number; reasons: { what: string; matches: boolean }[] } {
  const same = (a: string | null, b: string | null) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
  const checks: [string, number, boolean | null][] = [
    [`Uses ${request.product}`, 4, profile.products.some((p) => same(p, request.product))],
    [`Industry: ${request.industry}`, 3, request.industry ? same(profile.industry, request.industry) : null],
    [`Region: ${request.region}`, 2, request.region ? same(profile.region, request.region) : null],
    [
      `Company size: ${request.companySize}`,
      1,
      request.companySize ? profile.companySize === request.companySize : null,
    ],
    [
      `Speaks ${request.language}`,
      1,
      request.language ? profile.languages.some((l) => same(l, request.language)) : null,
    ],
  ];
  const asked = checks.filter(([, , m]) => m !== null) as [string, number, boolean][];
  return {
    fit: asked.reduce((n, [, w, m]) => n + (m ? w : 0), 0),
    reasons: asked.map(([what, , matches]) => ({ what, matches })),
  };
}

/** Whether a date (YYYY-MM-DD) falls in one of the person's blackout ranges (inclusive). */
export const blackedOut = (blackouts: { from: string; to: string }[], day: string) =>
  blackouts.some((b) => b.from <= day && day <= b.to);
