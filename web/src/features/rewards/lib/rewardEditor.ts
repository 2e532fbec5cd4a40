import type { AdminReward, LimitPeriod, RewardStatus, RewardType } from '@advocate-hub/shared';
import type { RewardInput } from '../api';

/**
 * The reward editor's form model and its conversions: from an AdminReward, and to the body of
 * POST /api/admin/rewards (PATCH sends the same body less what cannot change).
 */
export interface RewardDraft {
  name: string;
  type: RewardType;
  description: string;
  imageUrl: string;
  cost: number | null;
  /** Unlimited stock (sent as null); never for code rewards, whose stock is their pool. */
  unlimited: boolean;
  stock: number | null;
  needsApproval: boolean;
  status: RewardStatus;
  limitPerMember: number | null;
  limitPerPeriod: number | null;
  limitPeriod: LimitPeriod;
  minLevelRank: number | null;
  /** Who sees it: empty include lists mean everyone; an exclude list always wins. */
  includeGroupIds: string[];
  excludeGroupIds: string[];
  includeSegmentIds: string[];
  excludeSegmentIds: string[];
  publishAt: Date | null;
  expireAt: Date | null;
  fulfilmentNote: string;
  featured: boolean;
  sortOrder: number | null;
  lowStockThreshold: number | null;
}

export function newRewardDraft(): RewardDraft {
  return {
    name: '',
    type: 'item',
    description: '',
    imageUrl: '',
    cost: null,
    unlimited: false,
    stock: null,
    needsApproval: false,
    status: 'draft',
    limitPerMember: null,
    limitPerPeriod: null,
    limitPeriod: 'month',
    minLevelRank: null,
    includeGroupIds: [],
    excludeGroupIds: [],
    includeSegmentIds: [],
    excludeSegmentIds: [],
    publishAt: null,
    expireAt: null,
    fulfilmentNote: '',
    featured: false,
    sortOrder: 0,
    lowStockThreshold: 5,
  };
}

function toDate(value: string | null): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function rewardDraftFrom(r: AdminReward): RewardDraft {
  return {
    name: r.name,
    type: r.type,
    description: r.description,
    imageUrl: r.imageUrl ?? '',
    cost: r.cost,
    unlimited: r.type !== 'code' && r.stock === null,
    stock: r.stock,
    needsApproval: r.needsApproval,
    status: r.status,
    limitPerMember: r.limitPerMember,
    limitPerPeriod: r.limitPerPeriod,
    limitPeriod: r.limitPeriod ?? 'month',
    minLevelRank: r.minLevelRank,
    includeGroupIds: [...r.visibility.includeGroupIds],
    excludeGroupIds: [...r.visibility.excludeGroupIds],
    includeSegmentIds: [...r.visibility.includeSegmentIds],
    excludeSegmentIds: [...r.visibility.excludeSegmentIds],
    publishAt: toDate(r.publishAt),
    expireAt: toDate(r.expireAt),
    fulfilmentNote: r.fulfilmentNote ?? '',
    featured: r.featured,
    sortOrder: r.sortOrder,
    lowStockThreshold: r.lowStockThreshold,
  };
}

/**
 * The body to send. A code reward's stock is its pool: 0 when it is created, never sent after
 * (`stock` is then left out, as the PATCH refuses it).
 */
export function rewardBody(d: RewardDraft, saved: boolean): RewardInput {
  const body: RewardInput = {
    name: d.name.trim(),
    type: d.type,
    description: d.description,
    imageUrl: d.imageUrl.trim() || null,
    cost: d.cost ?? Number.NaN,
    stock: d.unlimited ? null : (d.stock ?? Number.NaN),
    needsApproval: d.needsApproval,
    status: d.status,
    limitPerMember: d.limitPerMember,
    limitPerPeriod: d.limitPerPeriod,
    limitPeriod: d.limitPerPeriod === null ? null : d.limitPeriod,
    minLevelRank: d.minLevelRank,
    visibility: {
      includeGroupIds: [...d.includeGroupIds],
      excludeGroupIds: [...d.excludeGroupIds],
      includeSegmentIds: [...d.includeSegmentIds],
      excludeSegmentIds: [...d.excludeSegmentIds],
    },
    publishAt: d.publishAt ? d.publishAt.toISOString() : null,
    expireAt: d.expireAt ? d.expireAt.toISOString() : null,
    fulfilmentNote: d.fulfilmentNote.trim() || null,
    featured: d.featured,
    sortOrder: d.sortOrder ?? 0,
    lowStockThreshold: d.lowStockThreshold ?? 0,
  };
  if (d.type === 'code') {
    if (saved) delete (body as Partial<RewardInput>).stock;
    else body.stock = 0;
  }
  return body;
}

/** Labels of the body's fields, for the error summary (`visibility.includeGroupIds` → "Only for groups"). */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  type: 'Type',
  description: 'Description',
  imageUrl: 'Picture',
  cost: 'Cost (points)',
  stock: 'Stock',
  needsApproval: 'Needs approval',
  status: 'Status',
  limitPerMember: 'Per member, in all',
  limitPerPeriod: 'Per member, per period',
  limitPeriod: 'Period',
  minLevelRank: 'Minimum level',
  visibility: 'Audience',
  includeGroupIds: 'Only for groups',
  excludeGroupIds: 'Never for groups',
  includeSegmentIds: 'Only for segments',
  excludeSegmentIds: 'Never for segments',
  publishAt: 'Publish at',
  expireAt: 'Expire at',
  fulfilmentNote: 'Fulfilment note',
  featured: 'Featured',
  sortOrder: 'Sort order',
  lowStockThreshold: 'Low-stock warning at',
};

export function describeRewardPath(path: string): string {
  const parts = path.split('.').filter((p) => p !== '_' && !/^\d+$/.test(p));
  return parts.map((p) => FIELD_LABELS[p] ?? p).join(' › ') || 'Reward';
}
