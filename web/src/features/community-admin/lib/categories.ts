import type { StartPolicy, Targeting } from '@advocate-hub/shared';
import type { AdminCategory, CategoryInput } from '../api';

export const startPolicyLabel: Record<StartPolicy, string> = {
  members: 'Everyone',
  staff: 'Staff only',
};

export const startPolicyOptions = [
  { value: 'members' as const, label: 'Everyone' },
  { value: 'staff' as const, label: 'Staff only' },
];

/** The category form's model: the body's fields, with the audience lists at the top level. */
export interface CategoryDraft {
  name: string;
  slug: string;
  description: string;
  color: string;
  startPolicy: StartPolicy;
  qa: boolean;
  includeGroupIds: string[];
  excludeGroupIds: string[];
  includeSegmentIds: string[];
  excludeSegmentIds: string[];
}

export const DEFAULT_CATEGORY_COLOR = '#2563eb';

export function categoryDraft(category: AdminCategory | null): CategoryDraft {
  const t = category?.targeting;
  return {
    name: category?.name ?? '',
    slug: category?.slug ?? '',
    description: category?.description ?? '',
    color: category?.color ?? DEFAULT_CATEGORY_COLOR,
    startPolicy: category?.startPolicy ?? 'members',
    qa: category?.qa ?? false,
    includeGroupIds: [...(t?.includeGroupIds ?? [])],
    excludeGroupIds: [...(t?.excludeGroupIds ?? [])],
    includeSegmentIds: [...(t?.includeSegmentIds ?? [])],
    excludeSegmentIds: [...(t?.excludeSegmentIds ?? [])],
  };
}

/** The body to send; an empty slug is left to the server (made from the name). */
export function categoryBody(draft: CategoryDraft): CategoryInput {
  const slug = draft.slug.trim().toLowerCase();
  return {
    name: draft.name.trim(),
    ...(slug ? { slug } : {}),
    description: draft.description.trim(),
    color: draft.color.trim().toLowerCase(),
    startPolicy: draft.startPolicy,
    qa: draft.qa,
    targeting: {
      includeGroupIds: draft.includeGroupIds,
      excludeGroupIds: draft.excludeGroupIds,
      includeSegmentIds: draft.includeSegmentIds,
      excludeSegmentIds: draft.excludeSegmentIds,
    },
  };
}

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  slug: 'Slug',
  description: 'Description',
  color: 'Colour',
  startPolicy: 'Who may start threads',
  qa: 'Questions and answers',
  targeting: 'Audience',
  includeGroupIds: 'Only for groups',
  excludeGroupIds: 'Never for groups',
  includeSegmentIds: 'Only for segments',
  excludeSegmentIds: 'Never for segments',
};

export function describeCategoryPath(path: string): string {
  const parts = path.split('.').filter((p) => p !== '_' && !/^\d+$/.test(p));
  return parts.map((p) => FIELD_LABELS[p] ?? p).join(' › ') || 'Category';
}

/** Whether a category is shown to everyone, in words for the list. */
export function isTargeted(t: Targeting): boolean {
  return (
    t.includeGroupIds.length + t.includeSegmentIds.length + t.excludeGroupIds.length + t.excludeSegmentIds.length > 0
  );
}
