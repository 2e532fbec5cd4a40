import { describe, expect, it } from 'vitest';
import {
  STAGE_KINDS,
  StageConfig,
  StageKind,
  StageResponse,
  stageKinds,
  type StageKind as Kind,
} from '@advocate-hub/shared';
import { publicConfig, stageHandlers } from '../../server/src/modules/challenges/stages/index.js';
import { stageKinds as webStageKinds } from '../../web/src/features/challenges/stages/index.js';

const SECRET_CODE = 'SECRET-CHECKIN-42';

/** A valid config (without `kind`) and a valid answer for every kind. */
const samples: Record<Kind, { config: Record<string, unknown>; response: Record<string, unknown> }> = {
  quiz: {
    config: {
      questions: [
        { id: 'q1', prompt: 'Pick one', options: ['a', 'b'], correct: [1] },
        { id: 'q2', prompt: 'Pick two', options: ['a', 'b', 'c'], correct: [0, 2] },
      ],
    },
    response: { answers: { q1: [1], q2: [0, 2] } },
  },
  survey: {
    config: { questions: [{ id: 's1', prompt: 'Why?', type: 'text' }] },
    response: { answers: { s1: 'Because' } },
  },
  nps: { config: {}, response: { score: 9 } },
  share_link: { config: { url: 'https://example.com/post' }, response: { sharedUrl: 'https://social.test/1' } },
  review: { config: { site: 'G2', url: 'https://g2.test/p' }, response: { proofUrl: 'https://g2.test/r/1' } },
  proof: { config: { instructions: 'Show us' }, response: { url: 'https://proof.test/1' } },
  visit: { config: { url: 'https://example.com/docs' }, response: {} },
  confirm: { config: {}, response: {} },
  checkin: { config: { code: SECRET_CODE }, response: { code: SECRET_CODE.toLowerCase() } },
  join_group: { config: { groupId: '00000000-0000-4000-8000-000000000001' }, response: {} },
  community_post: {
    config: { categoryId: '00000000-0000-4000-8000-000000000002', minLength: 20, threadOnly: true },
    response: { postId: '00000000-0000-4000-8000-000000000003' },
  },
  referral: {
    config: { campaignId: '00000000-0000-4000-8000-000000000004' },
    response: { prospect: { name: 'Pat Prospect', email: 'pat@prospect.test' }, consent: true },
  },
};

/** The config as stored: parsed (defaults filled) and without `kind`, as the admin service keeps it. */
function stored(kind: Kind): Record<string, unknown> {
  const { kind: _kind, ...config } = StageConfig.parse({ ...samples[kind].config, kind });
  return config;
}

// The web side (an editor and an advocate view per kind) gets its own describe block.
describe('stage kinds: shared schemas and server handlers', () => {
  it('every kind has a config schema, a response schema and a review default in shared', () => {
    for (const kind of STAGE_KINDS) {
      const definition = stageKinds[kind];
      expect(definition, kind).toBeDefined();
      expect(typeof definition.needsReviewByDefault, kind).toBe('boolean');
      expect(StageConfig.parse({ ...samples[kind].config, kind }).kind, kind).toBe(kind);
      expect(definition.config.safeParse(samples[kind].config).success, kind).toBe(true);
      expect(definition.response.safeParse(samples[kind].response).success, kind).toBe(true);
      expect(StageResponse[kind], kind).toBe(definition.response);
    }
  });

  it('every kind has a server handler for that kind, with the review default from shared', () => {
    for (const kind of STAGE_KINDS) {
      const handler = stageHandlers[kind];
      expect(handler, kind).toBeDefined();
      expect(handler.kind).toBe(kind);
      expect(handler.needsReviewByDefault, kind).toBe(stageKinds[kind].needsReviewByDefault);
      expect(handler.configIssues(StageConfig.parse({ ...samples[kind].config, kind }) as never), kind).toEqual({});
      if (handler.groupIdKey) expect(Object.keys(stageKinds[kind].config.shape), kind).toContain(handler.groupIdKey);
    }
    expect(STAGE_KINDS.filter((k) => stageKinds[k].needsReviewByDefault)).toEqual(['review', 'proof']);
  });

  it('the registries name the same kinds, and no other', () => {
    const kinds = [...STAGE_KINDS].sort();
    expect(Object.keys(stageKinds).sort()).toEqual(kinds);
    expect(Object.keys(StageResponse).sort()).toEqual(kinds);
    expect([...StageKind.options].sort()).toEqual(kinds);
    expect(StageConfig.options.map((o) => o.shape.kind.value).sort()).toEqual(kinds);
    expect(Object.keys(stageHandlers).sort()).toEqual(kinds);
    expect(
      Object.values(stageHandlers)
        .map((h) => h.kind)
        .sort(),
    ).toEqual(kinds);
  });

  it('no kind shows an advocate the quiz answers or the check-in code', () => {
    for (const kind of STAGE_KINDS) {
      const config = stored(kind);
      for (const shown of [stageHandlers[kind].publicConfig(config), publicConfig(kind, config)]) {
        const json = JSON.stringify(shown);
        expect(json, kind).not.toContain('"correct"');
        expect(json.toUpperCase(), kind).not.toContain(SECRET_CODE);
      }
    }
    // The advocate still sees the questions, and whether several options are right.
    expect(publicConfig('quiz', stored('quiz'))).toMatchObject({
      questions: [
        { id: 'q1', prompt: 'Pick one', options: ['a', 'b'], multiple: false },
        { id: 'q2', prompt: 'Pick two', options: ['a', 'b', 'c'], multiple: true },
      ],
    });
  });
});

describe('stage kinds: the web app has each one (definition, advocate form, settings editor)', () => {
  /** The form and editor maps load .vue files: read at run time (the Vue plugin compiles them). */
  async function webComponents(map: 'forms' | 'editors'): Promise<Record<string, { __file?: string }>> {
    const mod = (await import(`../../web/src/features/challenges/stages/${map}.ts`)) as Record<
      string,
      Record<string, { __file?: string }>
    >;
    return mod[map === 'forms' ? 'stageForms' : 'stageEditors']!;
  }
  const folder = (kind: Kind) => `/web/src/features/challenges/stages/${kind.replace(/_/g, '-')}/`;

  it('every kind has a web definition that agrees with shared on the review default', () => {
    expect(Object.keys(webStageKinds).sort()).toEqual([...STAGE_KINDS].sort());
    for (const kind of STAGE_KINDS) {
      const web = webStageKinds[kind];
      expect(web.kind, kind).toBe(kind);
      expect(web.label.trim(), kind).not.toBe('');
      expect(web.hint.trim(), kind).not.toBe('');
      expect(web.needsReviewByDefault, kind).toBe(stageKinds[kind].needsReviewByDefault);
    }
    expect(new Set(STAGE_KINDS.map((k) => webStageKinds[k].label)).size).toBe(STAGE_KINDS.length);
  });

  it("the editor's draft of every kind turns back into the same config", () => {
    for (const kind of STAGE_KINDS) {
      const web = webStageKinds[kind] as unknown as {
        draftFrom(c: Record<string, unknown>): object;
        toConfig(d: object): Record<string, unknown>;
      };
      const again = StageConfig.parse({ kind, ...web.toConfig(web.draftFrom(stored(kind))) });
      expect(again, kind).toEqual(StageConfig.parse({ ...stored(kind), kind }));
    }
  });

  it('every kind has an advocate form and a settings editor, each in its own folder', { timeout: 30_000 }, async () => {
    const [forms, editors] = await Promise.all([webComponents('forms'), webComponents('editors')]);
    expect(Object.keys(forms).sort()).toEqual([...STAGE_KINDS].sort());
    expect(Object.keys(editors).sort()).toEqual([...STAGE_KINDS].sort());
    for (const kind of STAGE_KINDS) {
      for (const component of [forms[kind], editors[kind]]) {
        expect(component, kind).toBeTypeOf('object');
        expect(component!.__file, kind).toContain(folder(kind));
      }
    }
  });
});
