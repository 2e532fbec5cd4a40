import type { Stage, StageKind } from '@advocate-hub/shared';

/** A stage's settings as the API sends and takes them (read leniently: odd shapes become defaults). */
export type StageConfigRecord = Record<string, unknown>;

/**
 * One stage kind on the web, in its own folder (`stages/<kind>/`): its words, the admin's draft of
 * its settings and how that draft turns into the API's config and back. Its advocate form and its
 * settings editor sit beside it and are registered in `forms.ts` and `editors.ts`.
 */
export interface StageKindDefinition<K extends StageKind, D extends object> {
  kind: K;
  label: string;
  /** One sentence for the admin choosing a kind. */
  hint: string;
  /** Whether a new stage of this kind is checked by the program team (shared's registry says the same). */
  needsReviewByDefault: boolean;
  /** The label of the button that sends the stage. */
  submitLabel(stage: Pick<Stage, 'needsReview'>): string;
  /** The settings of a new stage. */
  emptyDraft(): D;
  /** The draft of saved settings. */
  draftFrom(config: StageConfigRecord): D;
  /** The settings as the API takes them, without `kind`. */
  toConfig(draft: D): StageConfigRecord;
  /** What an advocate receives of the settings (the preview); answers and secret codes are left out. */
  advocateConfig?(config: StageConfigRecord): StageConfigRecord;
  /** Problems the schema cannot see, by path inside `config` (shown over the schema's words). */
  problems?(draft: D): Record<string, string>;
  /** Forget picks of things that no longer exist (a deleted group), after the lists were reloaded. */
  dropUnknown?(draft: D, known: { groupIds: ReadonlySet<string> }): void;
  /** Paths inside `config` that the settings editor shows next to their field. */
  shownPaths(draft: D): string[];
  /** Auto-graded against a pass mark with limited attempts (the quiz). */
  graded?: {
    passMark(config: StageConfigRecord): number;
    maxAttempts(config: StageConfigRecord): number | null;
  };
}

/** The props every advocate form takes, and the event it sends. */
export interface StageFormProps {
  stage: Stage;
  idPrefix: string;
  busy?: boolean;
  /** Attempts left (graded kinds only; null: unlimited). */
  attemptsLeft?: number | null;
}
