import { createRequire } from 'node:module';
import type { FraudRules, HoldReason, ReferralMilestone, ReferralStage } from '@advocate-hub/shared';
import { REFERRAL_MILESTONES } from '@advocate-hub/shared';

/** Public webmail domains: sharing one with the prospect says nothing, so the domain rule skips them. */
export const PUBLIC_MAIL_DOMAINS = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.com',
  'yandex.com',
  'zoho.com',
  'fastmail.com',
];

let disposable: Set<string> | null = null;
/** The `disposable-email-domains` list (about 120 000 domains), read once on first use. */
export function disposableDomains(): Set<string> {
  disposable ??= new Set(createRequire(import.meta.url)('disposable-email-domains') as string[]);
  return disposable;
}

export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** The address without a "+tag" (and, at Gmail, without dots): what the mailbox really is. */
export function canonicalEmail(email: string): string {
  const at = email.lastIndexOf('@');
  let local = email.slice(0, at).toLowerCase();
  const domain = email.slice(at + 1).toLowerCase();
  local = local.split('+')[0]!;
  if (domain === 'gmail.com' || domain === 'googlemail.com') local = local.replace(/\./g, '');
  return `${local}@${domain === 'googlemail.com' ? 'gmail.com' : domain}`;
}

const normName = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Sørensen–Dice similarity of two names' letter pairs (0–1), word order ignored. */
export function nameSimilarity(a: string, b: string): number {
  const words = (s: string) => normName(s).split(' ').filter(Boolean).sort().join(' ');
  const x = words(a);
  const y = words(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const pairs = (s: string) => {
    const m = new Map<string, number>();
    for (let i = 0; i < s.length - 1; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const px = pairs(x);
  const py = pairs(y);
  let common = 0;
  for (const [k, n] of px) common += Math.min(n, py.get(k) ?? 0);
  const total = x.length - 1 + (y.length - 1);
  return total > 0 ? (2 * common) / total : 0;
}

export interface FraudInput {
  advocate: { email: string; name: string };
  prospect: { email: string; name: string };
  /** Filled in by the service from the database. */
  recentByAdvocate: number;
  sameDevice: boolean;
  otherReferrers: number;
}
export interface FraudHit {
  reason: HoldReason;
  note: string;
}

/** The rules that hit, each with a sentence for the reviewer that names the threshold. */
export function fraudHits(rules: FraudRules, i: FraudInput): FraudHit[] {
  const hits: FraudHit[] = [];
  const pEmail = i.prospect.email.toLowerCase();
  const aEmail = i.advocate.email.toLowerCase();
  const pDomain = domainOf(pEmail);
  if (rules.selfReferral.enabled) {
    if (pEmail === aEmail) hits.push({ reason: 'self_email', note: 'The prospect’s email is the advocate’s own' });
    else if (canonicalEmail(pEmail) === canonicalEmail(aEmail))
      hits.push({ reason: 'self_alias', note: `${pEmail} is an alias of the advocate’s ${aEmail}` });
    const sim = nameSimilarity(i.prospect.name, i.advocate.name);
    if (sim >= rules.selfReferral.nameSimilarity)
      hits.push({
        reason: 'self_name',
        note: `The prospect’s name is ${Math.round(sim * 100)}% similar to the advocate’s (threshold ${Math.round(rules.selfReferral.nameSimilarity * 100)}%)`,
      });
  }
  if (
    rules.sameDomain.enabled &&
    pDomain === domainOf(aEmail) &&
    !PUBLIC_MAIL_DOMAINS.includes(pDomain) &&
    !rules.allowDomains.includes(pDomain)
  )
    hits.push({ reason: 'same_domain', note: `The prospect and the advocate share the domain ${pDomain}` });
  if (rules.sameDevice.enabled && i.sameDevice)
    hits.push({
      reason: 'same_device',
      note: `Sent from the same IP address and browser as another advocate’s referral (or, by link, the advocate’s own) within ${rules.sameDevice.windowMinutes} minutes`,
    });
  if (rules.disposableEmail.enabled && disposableDomains().has(pDomain))
    hits.push({ reason: 'disposable_email', note: `${pDomain} is a disposable-email domain` });
  if (rules.velocity.enabled && i.recentByAdvocate >= rules.velocity.max)
    hits.push({
      reason: 'velocity',
      note: `More than ${rules.velocity.max} referrals by this advocate within ${rules.velocity.windowHours} hours`,
    });
  if (rules.duplicateProspect.enabled && i.otherReferrers > 0)
    hits.push({ reason: 'duplicate_prospect', note: 'Another advocate referred this prospect before' });
  return hits;
}

const RANK: Record<ReferralMilestone, number> = { submitted: 0, contacted: 1, qualified: 2, won: 3 };

/**
 * The milestones a referral at `stage` has earned. `lost` keeps what was reached before it (but not
 * `won`); `reached` is the milestones live before the move.
 */
export function earnedMilestones(stage: ReferralStage, reached: readonly ReferralMilestone[]): ReferralMilestone[] {
  if (stage === 'lost') return reached.filter((m) => m !== 'won');
  return REFERRAL_MILESTONES.filter((m) => RANK[m] <= RANK[stage]);
}
