/**
 * The stage kinds' handlers, one per kind: a kind missing here, or one that is not a kind, does not
 * compile. A new kind is its entry in `stageKinds` (shared), one file in this folder and one line
 * below.
 */
import { STAGE_KINDS, StageConfig, StageResponse, type StageKind } from '@advocate-hub/shared';
import { invalidResponse, type GradeContext, type Graded, type StageContext, type StageHandler } from './handler.js';
import { checkin } from './checkin.js';
import { communityPost } from './community-post.js';
import { confirm } from './confirm.js';
import { joinGroup } from './join-group.js';
import { nps } from './nps.js';
import { proof } from './proof.js';
import { quiz } from './quiz.js';
import { referral } from './referral.js';
import { review } from './review.js';
import { shareLink } from './share-link.js';
import { survey } from './survey.js';
import { visit } from './visit.js';

export type { GradeContext, Graded, StageContext, StageHandler } from './handler.js';

export const stageHandlers = {
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
} satisfies { [K in StageKind]: StageHandler<K> };

/** The handler of a kind known only at run time (sound: each entry above handles its own kind). */
export function stageHandler(kind: StageKind): StageHandler<StageKind> {
  return stageHandlers[kind] as unknown as StageHandler<StageKind>;
}

/**
 * Grades a member's answer to a stage: the answer must fit the kind's response schema (400 with
 * `response.…` field paths), then the kind's handler decides.
 */
export async function gradeStage(
  ctx: Omit<GradeContext, 'config' | 'response'>,
  answer: Record<string, unknown>,
): Promise<Graded> {
  const kind = ctx.stage.kind as StageKind;
  const parsed = StageResponse[kind].safeParse(answer);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[['response', ...i.path].join('.')] ??= i.message;
    throw invalidResponse({ details: { fields } });
  }
  const config = StageConfig.parse({ ...ctx.stage.config, kind });
  return stageHandler(kind).grade({ ...ctx, config, response: parsed.data });
}

/** What an approved stage does besides points (a join-group stage adds the member to its group). */
export function onStageApproved(ctx: StageContext): Promise<void> {
  return stageHandler(ctx.stage.kind as StageKind).onApproved(ctx);
}

/** What an advocate may see of a stage's config: no quiz answers, no check-in code. */
export function publicConfig(kind: StageKind, config: Record<string, unknown>): Record<string, unknown> {
  // A kind no longer known (a stored row) is shown as it is rather than breaking the feed.
  return Object.hasOwn(stageHandlers, kind) ? stageHandler(kind).publicConfig(config) : config;
}

/** The config fields, per kind, that hold the id of a group the stage names. */
export const stageGroupIdKeys: readonly { kind: StageKind; key: string }[] = STAGE_KINDS.flatMap((kind) => {
  const key = stageHandler(kind).groupIdKey;
  return key ? [{ kind, key }] : [];
});

/** The ids of the groups the stages name (as sent: not yet checked to be ids). */
export function groupIdsNamedBy(
  stages: readonly { kind: StageKind; config?: Record<string, unknown> | undefined }[],
): string[] {
  return stages.flatMap((s) => {
    const key = stageHandler(s.kind).groupIdKey;
    return key ? [String(s.config?.[key] ?? '')] : [];
  });
}
