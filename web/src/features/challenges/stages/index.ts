import type { StageKind } from '@advocate-hub/shared';
import type { StageKindDefinition } from './types';
import { checkin } from './checkin/checkin';
import { communityPost } from './community-post/communityPost';
import { confirm } from './confirm/confirm';
import { joinGroup } from './join-group/joinGroup';
import { nps } from './nps/nps';
import { proof } from './proof/proof';
import { quiz } from './quiz/quiz';
import { referral } from './referral/referral';
import { review } from './review/review';
import { shareLink } from './share-link/shareLink';
import { survey } from './survey/survey';
import { visit } from './visit/visit';

/**
 * Every stage kind the web knows, in the order the editor offers them. A kind is one folder
 * (`stages/<kind>/`: its definition, its advocate form, its settings editor) plus one line here,
 * in `forms.ts` and in `editors.ts`; the types make a missing line a compile error.
 */
export const stageKinds = {
  quiz,
  survey,
  nps,
  share_link: shareLink,
  review,
  proof,
  visit,
  confirm,
  checkin,
  join_group: joinGroup,
  community_post: communityPost,
  referral,
} satisfies { [K in StageKind]: StageKindDefinition<K, object> };

type Kinds = typeof stageKinds;
type DraftOf<K extends StageKind> = ReturnType<Kinds[K]['emptyDraft']>;

/** The settings drafts of one stage, one per kind: switching a stage's kind back and forth loses nothing. */
export type StageConfigDrafts = { [K in StageKind]: DraftOf<K> };

/** The definition of a kind, typed loosely enough to call with a stage's own draft. */
export function stageKind(kind: StageKind): StageKindDefinition<StageKind, object> {
  return stageKinds[kind] as unknown as StageKindDefinition<StageKind, object>;
}

function kindList(): StageKind[] {
  return Object.keys(stageKinds) as StageKind[];
}

function byKind<T>(pick: (kind: StageKind) => T): Record<StageKind, T> {
  return Object.fromEntries(kindList().map((k) => [k, pick(k)])) as Record<StageKind, T>;
}

// Annotated pure: features that import the challenges entry for something else (the router for
// its routes) do not keep these, and the definitions, in their chunk.
export const STAGE_KIND_LIST: StageKind[] = /* @__PURE__ */ kindList();
export const stageKindLabel: Record<StageKind, string> = /* @__PURE__ */ byKind((k) => stageKinds[k].label);
export const stageKindHint: Record<StageKind, string> = /* @__PURE__ */ byKind((k) => stageKinds[k].hint);

export function emptyConfigDrafts(): StageConfigDrafts {
  return byKind((k) => stageKinds[k].emptyDraft()) as StageConfigDrafts;
}
