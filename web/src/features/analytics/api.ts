import type { z } from 'zod';
import type {
  Activation,
  ActivationBody,
  AnalyticsOverview,
  AnalyticsValues,
  AnalyticsValuesBody,
  LeakResponse,
} from '@advocate-hub/shared';
import { api, withQuery } from '@/shared/api/client';

export type OverviewFilters = { from?: string; to?: string; segmentId?: string };
export type ActivationInput = z.input<typeof ActivationBody>;
export type ValuesInput = z.input<typeof AnalyticsValuesBody>;

/** The admin's analytics: dashboard, values per act type, the advocacy leak and its activations. */
export const analyticsApi = {
  overview(f: OverviewFilters, signal?: AbortSignal) {
    return api.get<{ overview: AnalyticsOverview }>('/api/admin/analytics/overview', f, { signal });
  },
  /** The CSV of one table, for a download link (same filters). */
  exportUrl(table: string, f: OverviewFilters): string {
    return withQuery('/api/admin/analytics/export', { table, ...f });
  },
  values(signal?: AbortSignal) {
    return api.get<{ values: AnalyticsValues }>('/api/admin/analytics/values', undefined, { signal });
  },
  saveValues(body: ValuesInput) {
    return api.put<{ values: AnalyticsValues }>('/api/admin/analytics/values', body);
  },
  leak(q: { days: number; segmentId?: string; limit?: number; offset?: number }, signal?: AbortSignal) {
    return api.get<LeakResponse>('/api/admin/analytics/leak', q, { signal });
  },
  activations(signal?: AbortSignal) {
    return api.get<{ activations: Activation[] }>('/api/admin/analytics/leak/activations', undefined, { signal });
  },
  /** One click; `idempotencyKey` makes a repeated click (or a retry) answer with the first activation. */
  activate(body: ActivationInput, idempotencyKey: string) {
    return api.post<{ activation: Activation }>('/api/admin/analytics/leak/activations', body, {
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  },
  /** Published challenges, to ask the leaking members with one of them instead of the ready ladder. */
  challenges(signal?: AbortSignal) {
    return api.get<{ challenges: { id: string; title: string }[] }>(
      '/api/admin/challenges',
      { status: 'published' },
      { signal },
    );
  },
  segments(signal?: AbortSignal) {
    return api.get<{ segments: { id: string; name: string }[] }>('/api/admin/segments', undefined, { signal });
  },
};
