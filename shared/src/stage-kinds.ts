/**
 * Stage kinds, one entry each: what the admin sets (config), what a member sends (response) and
 * whether a stage of the kind needs review unless the admin says otherwise. `STAGE_KINDS`,
 * `StageKind`, `StageConfig` and `StageResponse` are derived from it, so a new kind is one entry
 * here (and its handler on the server). Depends on zod only: fine to import at runtime from a
 * lazily loaded chunk (`@advocate-hub/shared/stage-kinds`).
 */
import { z } from 'zod';
import { email, httpUrl, markdown, text } from './fields.js';

/** Files (proofs uploaded with `POST /api/media?purpose=proof`) attached to an answer, by id. */
export const attachments = z.array(z.uuid()).max(5).optional();

export const QuizQuestion = z.object({
  id: text(40),
  prompt: text(500),
  options: z.array(text(200)).min(2).max(10),
  /** Indexes of the correct options (several allowed: all must be picked). */
  correct: z.array(z.number().int().min(0)).min(1),
});
export const SurveyQuestion = z.object({
  id: text(40),
  prompt: text(500),
  type: z.enum(['text', 'choice', 'scale']),
  options: z.array(text(200)).max(10).optional(),
  required: z.boolean().default(true),
});

/** What one stage kind is, on both sides. */
export interface StageKindDefinition<
  Config extends z.ZodRawShape = z.ZodRawShape,
  Response extends z.ZodType = z.ZodType,
> {
  /** Stage configuration (what the admin sets), without `kind`. */
  config: z.ZodObject<Config>;
  /** What a member sends (validated by the server against the stage). */
  response: Response;
  /** Review is required by nature (proof-type stages) unless the admin says otherwise. */
  needsReviewByDefault: boolean;
}

/** A person an advocate refers (a referral stage's answer, and `POST /api/referrals`). */
export const ReferralProspect = z.object({
  name: text(120),
  email,
  company: text(200).optional(),
  title: text(200).optional(),
  note: z.string().trim().max(2000).optional(),
});

/** Stage kinds. */
export const stageKinds = {
  quiz: {
    config: z.object({
      questions: z.array(QuizQuestion).min(1).max(30),
      passMark: z.number().int().min(0).max(100).default(100),
      maxAttempts: z.number().int().min(1).max(100).nullable().default(3),
    }),
    response: z.object({ answers: z.record(z.string(), z.array(z.number().int().min(0)).max(10)) }),
    needsReviewByDefault: false,
  },
  survey: {
    config: z.object({ questions: z.array(SurveyQuestion).min(1).max(30) }),
    response: z.object({ answers: z.record(z.string(), z.union([z.string().max(5000), z.number()])) }),
    needsReviewByDefault: false,
  },
  nps: {
    config: z.object({
      prompt: text(300).default('How likely are you to recommend us to a friend or colleague?'),
    }),
    response: z.object({ score: z.number().int().min(0).max(10), comment: z.string().max(2000).optional() }),
    needsReviewByDefault: false,
  },
  share_link: {
    config: z.object({ url: httpUrl, suggestedText: z.string().max(1000).optional() }),
    response: z.object({ sharedUrl: httpUrl.optional() }),
    needsReviewByDefault: false,
  },
  review: {
    config: z.object({ site: text(100), url: httpUrl }),
    response: z.object({ proofUrl: httpUrl, attachments }),
    needsReviewByDefault: true,
  },
  proof: {
    config: z.object({
      instructions: markdown(2000, { required: true }),
      accept: z.enum(['url', 'text']).default('url'),
    }),
    /** The link or text the stage accepts, or attached files (a screenshot, a PDF) instead or besides. */
    response: z.object({
      url: httpUrl.optional(),
      text: z.string().trim().min(1).max(5000).optional(),
      attachments,
    }),
    needsReviewByDefault: true,
  },
  visit: {
    config: z.object({ url: httpUrl }),
    response: z.object({}),
    needsReviewByDefault: false,
  },
  confirm: {
    config: z.object({}),
    response: z.object({}),
    needsReviewByDefault: false,
  },
  checkin: {
    config: z.object({ code: z.string().trim().min(3).max(40) }),
    response: z.object({ code: z.string().trim().min(1).max(40) }),
    needsReviewByDefault: false,
  },
  join_group: {
    config: z.object({ groupId: z.uuid() }),
    response: z.object({}),
    needsReviewByDefault: false,
  },
  /**
   * Post in the community: done when the member starts a thread or replies in the category (the
   * server completes it as the post is made; `postId` names a post of theirs made there before).
   */
  community_post: {
    config: z.object({
      categoryId: z.uuid(),
      /** Minimum length of the post, in characters; 0 = any post. */
      minLength: z.number().int().min(0).max(5000).default(0),
      /** Only a new thread counts (not a reply). */
      threadOnly: z.boolean().default(false),
    }),
    response: z.object({ postId: z.uuid() }),
    needsReviewByDefault: false,
  },
  /**
   * Refer someone: the answer is a prospect (with their consent) and creates a referral in the
   * campaign named (else the default one); its milestones pay the campaign's points besides the step's.
   */
  referral: {
    config: z.object({ campaignId: z.uuid().optional() }),
    response: z.object({
      prospect: ReferralProspect,
      consent: z.literal(true, { error: 'The prospect’s consent to be contacted is required' }),
    }),
    needsReviewByDefault: false,
  },
} satisfies Record<string, StageKindDefinition>;

type Definitions = typeof stageKinds;
type Kind = keyof Definitions;

export const STAGE_KINDS: readonly [Kind, ...Kind[]] = Object.keys(stageKinds) as [Kind, ...Kind[]];
export const StageKind = z.enum(STAGE_KINDS);
export type StageKind = z.infer<typeof StageKind>;

/** A kind's config schema with its `kind` first, as the discriminated union wants it. */
type KindConfigSchema<K extends Kind> = {
  kind: z.ZodLiteral<K>;
} & Definitions[K]['config']['shape'] extends infer S extends z.ZodRawShape
  ? z.ZodObject<S>
  : never;
type AnyKindConfigSchema = { [K in Kind]: KindConfigSchema<K> }[Kind];

/** Stage configuration per kind (what the admin sets). */
export const StageConfig = z.discriminatedUnion(
  'kind',
  STAGE_KINDS.map((kind) => z.object({ kind: z.literal(kind), ...stageKinds[kind].config.shape })) as [
    AnyKindConfigSchema,
    ...AnyKindConfigSchema[],
  ],
);
export type StageConfig = z.infer<typeof StageConfig>;
/** The configuration of one kind, `kind` included. */
export type StageConfigOf<K extends StageKind> = Extract<StageConfig, { kind: K }>;

/** What a member sends for each stage kind (validated by the server against the stage). */
export const StageResponse = Object.fromEntries(STAGE_KINDS.map((kind) => [kind, stageKinds[kind].response])) as {
  [K in Kind]: Definitions[K]['response'];
};
export type StageResponseOf<K extends StageKind> = z.infer<(typeof StageResponse)[K]>;
