/**
 * What a stage kind does on the server. One file per kind in this folder, registered in
 * `index.ts`; the kind's schemas (config, response, review default) live in
 * `@advocate-hub/shared` (`stageKinds`).
 */
import {
  EngineErrorCode,
  stageKinds,
  type StageConfigOf,
  type StageKind,
  type StageResponseOf,
} from '@advocate-hub/shared';
import type { Tx } from '../../../db/client.js';
import { createError } from '../../../platform/errors.js';
import type { StageRow } from '../challenges.table.js';

/** Where a stage is being worked on: the transaction, the member and the stage. */
export interface StageContext {
  tx: Tx;
  memberId: string;
  stage: StageRow;
}

/** A member's answer to grade, already checked against the kind's response schema. */
export interface GradeContext<K extends StageKind = StageKind> extends StageContext {
  config: StageConfigOf<K>;
  response: StageResponseOf<K>;
  round: number;
  now: Date;
}

export interface Graded {
  /** What is stored with the completion (and shown to reviewers). */
  response: Record<string, unknown>;
  score: number | null;
  passed: boolean;
  feedback: string | null;
}

export interface StageHandler<K extends StageKind> {
  kind: K;
  /** From `stageKinds` in shared: used when the admin does not say whether a stage needs review. */
  needsReviewByDefault: boolean;
  /** Grades an answer; throws a 4xx AppError for an answer that cannot be graded. */
  grade(ctx: GradeContext<K>): Graded | Promise<Graded>;
  /** What an approved completion does besides points. */
  onApproved(ctx: StageContext): Promise<void>;
  /** What an advocate may see of the stored config (no answers, no secret codes). */
  publicConfig(config: Record<string, unknown>): Record<string, unknown>;
  /** Checks the schema cannot make: field path (within the config) → message. */
  configIssues(config: StageConfigOf<K>): Record<string, string>;
  /**
   * The config field holding the id of a group the stage names, if any: the group must exist when
   * the stage is saved, and cannot be deleted while a stage names it.
   */
  groupIdKey: (keyof StageConfigOf<K> & string) | null;
}

export const invalidResponse = createError({
  code: EngineErrorCode.invalidResponse,
  status: 400,
  message: 'The answer does not fit this step',
});

/** An answer that passes as it is, without a score. */
export const accepted = (response: Record<string, unknown>): Graded => ({
  response,
  score: null,
  passed: true,
  feedback: null,
});

/** A handler for `kind`: what `parts` leaves out passes answers as they are and has no extras. */
export function defineStage<K extends StageKind>(
  kind: K,
  parts: Partial<Omit<StageHandler<K>, 'kind' | 'needsReviewByDefault'>> = {},
): StageHandler<K> {
  return {
    kind,
    needsReviewByDefault: stageKinds[kind].needsReviewByDefault,
    grade: ({ response }) => accepted(response),
    onApproved: async () => {},
    publicConfig: (config) => config,
    configIssues: () => ({}),
    groupIdKey: null,
    ...parts,
  };
}
