import type { z } from 'zod';
import type {
  AdminReferral,
  AdminReferralsResponse as AdminReferralsResponseSchema,
  FraudRulesPatch,
  FraudRulesResponse as FraudRulesResponseSchema,
  Referral,
  ReferralCampaign,
  ReferralCampaignBody as ReferralCampaignBodySchema,
  ReferralImportResponse as ReferralImportResponseSchema,
  ReferralStage,
  SubmitReferralBody,
} from '@advocate-hub/shared';
import { api, withQuery } from '@/shared/api/client';

/** Response types shared exports only as zod schemas, derived in type positions (no zod at run time). */
export type AdminReferralsPage = z.infer<typeof AdminReferralsResponseSchema>;
export type FraudRulesView = z.infer<typeof FraudRulesResponseSchema>;
export type ImportResult = z.infer<typeof ReferralImportResponseSchema>;
export type CampaignInput = z.input<typeof ReferralCampaignBodySchema>;
export type { AdminReferral, Referral, ReferralCampaign, ReferralStage };

export interface ReferralsFilter {
  stage?: ReferralStage | null;
  held?: boolean | null;
  q?: string | null;
}

/** The advocate's calls: refer someone, my referrals, the campaigns to refer to. */
export const referralsApi = {
  submit(body: SubmitReferralBody, idempotencyKey: string) {
    return api.post<{ referral: Referral }>('/api/referrals', body, {
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  },
  mine(signal?: AbortSignal) {
    return api.get<{ referrals: Referral[] }>('/api/me/referrals', undefined, { signal });
  },
  campaigns(signal?: AbortSignal) {
    return api.get<{ campaigns: ReferralCampaign[] }>('/api/referrals/campaigns', undefined, { signal });
  },
  myLink(signal?: AbortSignal) {
    return api.get<{ code: string; url: string }>('/api/me/referral-link', undefined, { signal });
  },
  /** A personal link's landing page (public). */
  landing(code: string, signal?: AbortSignal) {
    return api.get<{ advocateFirstName: string; campaign: { name: string; description: string | null } }>(
      `/api/referral-links/${encodeURIComponent(code)}`,
      undefined,
      { signal, onAuthFailure: 'silent' },
    );
  },
  leaveDetails(code: string, body: Pick<SubmitReferralBody, 'prospect' | 'consent'>) {
    return api.post<{ ok: true }>(`/api/referral-links/${encodeURIComponent(code)}`, body, {
      onAuthFailure: 'silent',
    });
  },
};

/** The admin's calls: the pipeline, reviews, campaigns, fraud rules, API keys, CSV. */
export const referralsAdminApi = {
  list(f: ReferralsFilter, signal?: AbortSignal) {
    return api.get<AdminReferralsPage>(
      '/api/admin/referrals',
      {
        stage: f.stage ?? undefined,
        held: f.held === null || f.held === undefined ? undefined : String(f.held),
        q: f.q || undefined,
        limit: 500,
      },
      { signal },
    );
  },
  stage(id: string, stage: ReferralStage, amount: number | null, idempotencyKey: string) {
    return api.post<{ referral: AdminReferral; pointsDelta: number }>(
      `/api/admin/referrals/${encodeURIComponent(id)}/stage`,
      { stage, ...(amount !== null ? { amount } : {}) },
      { headers: { 'Idempotency-Key': idempotencyKey } },
    );
  },
  review(id: string, decision: 'release' | 'reject') {
    return api.post<{ referral: AdminReferral; pointsDelta: number }>(
      `/api/admin/referrals/${encodeURIComponent(id)}/review`,
      { decision },
    );
  },
  reassign(id: string, campaignId: string) {
    return api.post<{ referral: AdminReferral }>(`/api/admin/referrals/${encodeURIComponent(id)}/campaign`, {
      campaignId,
    });
  },
  campaigns(signal?: AbortSignal) {
    return api.get<{ campaigns: ReferralCampaign[] }>('/api/admin/referrals/campaigns', undefined, { signal });
  },
  saveCampaign(id: string | null, body: CampaignInput) {
    return id
      ? api.patch<{ campaign: ReferralCampaign }>(`/api/admin/referrals/campaigns/${encodeURIComponent(id)}`, body)
      : api.post<{ campaign: ReferralCampaign }>('/api/admin/referrals/campaigns', body);
  },
  rules(signal?: AbortSignal) {
    return api.get<FraudRulesView>('/api/admin/referrals/rules', undefined, { signal });
  },
  saveRules(patch: FraudRulesPatch) {
    return api.patch<FraudRulesView>('/api/admin/referrals/rules', patch);
  },
  importCsv(csv: string) {
    return api.post<ImportResult>('/api/admin/referrals/import', { csv });
  },
  exportUrl(f: ReferralsFilter) {
    return withQuery('/api/admin/referrals/export', {
      stage: f.stage ?? undefined,
      held: f.held === null || f.held === undefined ? undefined : String(f.held),
      q: f.q || undefined,
    });
  },
};
