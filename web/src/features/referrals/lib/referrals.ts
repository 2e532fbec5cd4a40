import type { HoldReason, ReferralStage } from '@advocate-hub/shared';

/** The pipeline in order (kept here: the web imports no runtime values from shared's barrel). */
export const STAGES: ReferralStage[] = ['submitted', 'contacted', 'qualified', 'won', 'lost'];

export const stageLabel: Record<ReferralStage, string> = {
  submitted: 'Submitted',
  contacted: 'Contacted',
  qualified: 'Qualified',
  won: 'Won',
  lost: 'Lost',
};

export const stageSeverity: Record<ReferralStage, 'secondary' | 'info' | 'warn' | 'success' | 'danger'> = {
  submitted: 'secondary',
  contacted: 'info',
  qualified: 'warn',
  won: 'success',
  lost: 'danger',
};

export const holdReasonLabel: Record<HoldReason, string> = {
  self_email: 'Own email',
  self_alias: 'Alias of own email',
  self_name: 'Similar name',
  same_domain: 'Same domain',
  same_device: 'Same IP and browser',
  disposable_email: 'Disposable email',
  velocity: 'Too many at once',
  duplicate_prospect: 'Referred by someone else',
};

/** A prospect as the form edits it. */
export interface ProspectDraft {
  name: string;
  email: string;
  company: string;
  title: string;
  note: string;
  consent: boolean;
}

export const emptyProspect = (): ProspectDraft => ({
  name: '',
  email: '',
  company: '',
  title: '',
  note: '',
  consent: false,
});

/** Problems the form shows before sending, by field. */
export function prospectProblems(d: ProspectDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.name.trim()) out.name = 'Enter their name.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.email.trim())) out.email = 'Enter a valid email address.';
  if (!d.consent) out.consent = 'Confirm that they agreed to be contacted.';
  return out;
}

/** The prospect and consent as the API takes them. */
export function prospectBody(d: ProspectDraft) {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    prospect: {
      name: d.name.trim(),
      email: d.email.trim(),
      ...(opt(d.company) ? { company: opt(d.company) } : {}),
      ...(opt(d.title) ? { title: opt(d.title) } : {}),
      ...(opt(d.note) ? { note: opt(d.note) } : {}),
    },
    consent: true as const,
  };
}
