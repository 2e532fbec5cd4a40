import type { z } from 'zod';
import type {
  AskDecisionBody,
  CoverageCell,
  CoverageCellKey,
  CoverageDimension,
  DemandRow,
  ForecastBody,
  OutcomeBody,
  PipelineImportResponse,
  RecruitResponse,
  ReferenceMetrics,
  MyAsk,
  ReferenceAsk,
  ReferenceMatch,
  ReferenceProfile,
  ReferenceProfileBody,
  ReferenceRequest,
  ReferenceRequestBody,
  ReferenceSettings,
  ReferenceSettingsPatch,
} from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

/** One of my asks, with the request it serves (shared exports it only as a schema). */
export type MyReferenceAsk = z.infer<typeof MyAsk>;
export type AskDecision = z.input<typeof AskDecisionBody>;
export type RequestInput = z.input<typeof ReferenceRequestBody>;
export type SettingsChanges = z.input<typeof ReferenceSettingsPatch>;
export type Demand = z.infer<typeof DemandRow>;
export type ForecastInput = z.input<typeof ForecastBody>;
export type Outcome = z.input<typeof OutcomeBody>;

const id = (s: string) => encodeURIComponent(s);

/** The advocate's side: the reference profile, the asks made of them, their answers. */
export const advocateReferencesApi = {
  profile(signal?: AbortSignal) {
    return api.get<{ profile: ReferenceProfile }>('/api/me/reference-profile', undefined, { signal });
  },
  saveProfile(body: ReferenceProfileBody) {
    return api.put<{ profile: ReferenceProfile }>('/api/me/reference-profile', body);
  },
  asks(signal?: AbortSignal) {
    return api.get<{ asks: MyReferenceAsk[] }>('/api/me/asks', undefined, { signal });
  },
  answer(askId: string, body: AskDecision) {
    return api.post<{ ask: ReferenceAsk }>(`/api/me/asks/${id(askId)}`, body);
  },
};

/** The requester's (and admin's) side: requests, matches, asks, picking a time, confirming. */
export const requestsApi = {
  list(signal?: AbortSignal) {
    return api.get<{ requests: ReferenceRequest[] }>('/api/reference-requests', undefined, { signal });
  },
  get(requestId: string, signal?: AbortSignal) {
    return api.get<{ request: ReferenceRequest }>(`/api/reference-requests/${id(requestId)}`, undefined, { signal });
  },
  create(body: RequestInput) {
    return api.post<{ request: ReferenceRequest }>('/api/reference-requests', body);
  },
  matches(requestId: string, signal?: AbortSignal) {
    return api.get<{ matches: ReferenceMatch[] }>(`/api/reference-requests/${id(requestId)}/matches`, undefined, {
      signal,
    });
  },
  ask(requestId: string, memberId: string, message: string | null) {
    return api.post<{ ask: ReferenceAsk }>(`/api/reference-requests/${id(requestId)}/asks`, { memberId, message });
  },
  schedule(askId: string, slot: string) {
    return api.post<{ ask: ReferenceAsk }>(`/api/reference-asks/${id(askId)}/schedule`, { slot });
  },
  /** How the deal ended (won revenue counts won deals a reference helped). */
  outcome(requestId: string, body: Outcome) {
    return api.post<{ request: ReferenceRequest }>(`/api/reference-requests/${id(requestId)}/outcome`, body);
  },
  /** Either side says whether the call happened (the advocate too, with the same route). */
  confirm(askId: string, happened: boolean) {
    return api.post<{ ask: ReferenceAsk }>(`/api/reference-asks/${id(askId)}/confirm`, { happened });
  },
};

/** The admin's desk: settings, coverage against demand, recruiting, metrics. */
export const adminReferencesApi = {
  coverage(by: CoverageDimension[], signal?: AbortSignal) {
    return api.get<{ by: CoverageDimension[]; cells: CoverageCell[] }>(
      '/api/admin/references/coverage',
      { by: by.join(',') },
      { signal },
    );
  },
  recruit(cell: CoverageCellKey, points?: number) {
    return api.post<z.infer<typeof RecruitResponse>>('/api/admin/references/coverage/recruit', { cell, points });
  },
  demand(signal?: AbortSignal) {
    return api.get<{ demand: Demand[] }>('/api/admin/references/demand', undefined, { signal });
  },
  importPipeline(csv: string) {
    return api.post<z.infer<typeof PipelineImportResponse>>('/api/admin/references/demand/pipeline', { csv });
  },
  addForecast(body: ForecastInput) {
    return api.post<{ demand: Demand }>('/api/admin/references/demand/forecast', body);
  },
  removeDemand(demandId: string) {
    return api.delete<{ ok: true }>(`/api/admin/references/demand/${id(demandId)}`);
  },
  metrics(signal?: AbortSignal) {
    return api.get<{ metrics: ReferenceMetrics }>('/api/admin/references/metrics', undefined, { signal });
  },
  settings(signal?: AbortSignal) {
    return api.get<{ settings: ReferenceSettings }>('/api/admin/references/settings', undefined, { signal });
  },
  updateSettings(body: SettingsChanges) {
    return api.patch<{ settings: ReferenceSettings }>('/api/admin/references/settings', body);
  },
};
