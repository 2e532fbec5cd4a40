import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CreateChallengeBody,
  CreatePostBody,
  CreateRewardBody,
  CreateThreadBody,
  EditPostBody,
  ModeratePostBody,
  StageInput,
  UpdateChallengeBody,
  UpdateRewardBody,
} from '@advocate-hub/shared';
import { stageKinds } from '@advocate-hub/shared/stage-kinds';
import { containsHtml, installMarkdownSanitiser, sanitizeMarkdown } from '../../server/src/platform/markdown.js';

/**
 * Every text the web app renders as markdown, with the contract field it is written through. A new
 * <CommonMarkdown>/<CommonMarkdownField> fails the first test until it is listed here with a field
 * built by `markdown()` (shared/src/fields.ts), which the second test checks sanitises.
 */
const MARKDOWN_FIELDS: Array<{ field: string; schemas: Array<{ parse(input: unknown): unknown }>; web: string[] }> = [
  {
    field: 'challenge description',
    schemas: [CreateChallengeBody.shape.description, UpdateChallengeBody.shape.description],
    web: ['ChallengesDetailView.vue challenge.description', 'AdminChallengeEditorPage.vue draft.description'],
  },
  {
    field: 'stage text',
    schemas: [StageInput.shape.body],
    web: ['ChallengesStagePanel.vue stage.body', 'ChallengesEditorStage.vue stage.body'],
  },
  {
    field: 'proof stage instructions',
    schemas: [stageKinds.proof.config.shape.instructions],
    web: ['ChallengesStageProof.vue config.instructions'],
  },
  {
    field: 'reward description',
    schemas: [CreateRewardBody.shape.description, UpdateRewardBody.shape.description],
    web: ['RewardsDetailView.vue reward.description', 'CatalogEditorBasics.vue draft.description'],
  },
  {
    field: 'community post body',
    schemas: [
      CreateThreadBody.shape.body,
      CreatePostBody.shape.body,
      EditPostBody.shape.body,
      ModeratePostBody.shape.body,
    ],
    web: [
      'CommunityComposer.vue model',
      'CommunityPostCard.vue post.body',
      'CommunityRevisionsDialog.vue r.body',
      'ModerationMemberPage.vue post.body',
      'ModerationQueueItem.vue item.post.body',
    ],
  },
];

const webSrc = path.resolve(import.meta.dirname, '../../web/src');
function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? vueFiles(path.join(dir, d.name)) : d.name.endsWith('.vue') ? [path.join(dir, d.name)] : [],
  );
}

describe('markdown fields', () => {
  beforeAll(() => installMarkdownSanitiser());

  it('every text the web app renders or edits as markdown is a listed contract field', () => {
    const used: string[] = [];
    for (const file of vueFiles(webSrc)) {
      if (file.endsWith('CommonMarkdownField.vue')) continue; // its preview renders its own v-model
      for (const [, attrs] of readFileSync(file, 'utf8').matchAll(/<CommonMarkdown(?:Field)?\b([^>]*)>/g)) {
        const bound = /(?::source|v-model)="([^"]+)"/.exec(attrs!)?.[1];
        used.push(`${path.basename(file)} ${bound}`);
      }
    }
    expect(used.sort()).toEqual(MARKDOWN_FIELDS.flatMap((f) => f.web).sort());
  });

  it.each(MARKDOWN_FIELDS)('the $field is sanitised by its contracts', ({ schemas }) => {
    for (const schema of schemas) {
      expect(schema.parse('**Hi** <img src=x onerror=alert(1)><script>alert(1)</script>')).toMatch(/^\*\*Hi\*\* ?$/);
      expect(schema.parse('a < b, `<b>`')).toBe('a < b, `<b>`');
    }
  });
});

describe('sanitizeMarkdown', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', ''],
    ['<IMG\nSRC=x\nONERROR=alert(1)>', ''],
    ['Hello <script>alert(1)</script>world', 'Hello world'],
    ['<div onclick="x">**inside**</div>', '**inside**'],
    ['<a href="javascript:alert(1)">click</a>', 'click'],
    ['<b>bold & brave</b>', 'bold & brave'],
    ['<style>p{}</style><iframe src="https://x.test"></iframe>after', 'after'],
    ['<!-- note --> text <?php x ?><!DOCTYPE html><![CDATA[ y ]]>', ' text '],
    // A removed tag must not join what is left into a new one.
    ['<<b>img src=x onerror=alert(1)>', ''],
    ['<scr<script>x</script>ipt>alert(1)</script>', 'alert(1)'],
    // An element that would drop its content, left open, takes only itself.
    ['Never paste <script> in a post.', 'Never paste  in a post.'],
    // A code span that an HTML block interrupts is no code span: the HTML goes.
    ['Look: ```\n<script>alert(1)</script>\n```', 'Look: ```\n\n```'],
    // A broken tag still starts an HTML block where a renderer keeps HTML: it is escaped.
    ['<div\nonmouseover=alert(1)\n\nnext', '&lt;div\nonmouseover=alert(1)\n\nnext'],
  ])('%j → %j', (input, output) => {
    expect(sanitizeMarkdown(input)).toBe(output);
  });

  it.each([
    '# Title\n\n**bold**, _em_, ~~gone~~ and [a link](https://example.com "title")',
    '- one\n- two\n  - nested\n\n1. first\n2. second',
    'a < b, c > d, x <3 y, AT&T, &amp; &copy; &#169;',
    '> quoted\n> twice\n>> nested',
    'Use `<b>` or ``a ` <i> b`` in text',
    '```html\n<script>alert("code")</script>\n```\n\n~~~\n<img src=x>\n~~~',
    '    <div>indented code</div>\n\nafter',
    '<https://example.com> and <me@example.com>',
    '\\<img src=x onerror=alert(1)> is escaped markdown, shown as text',
    '| a | b |\n|---|---|\n| <1 | >2 |',
    'line one\r\nline two\r\n',
    '![alt](https://example.com/a.png)',
  ])('keeps markdown as written: %j', (text) => {
    expect(sanitizeMarkdown(text)).toBe(text);
  });

  const piece = fc.constantFrom(
    '<',
    '>',
    '/',
    '`',
    '``',
    '```',
    '\\',
    '\n',
    '\n\n',
    '    ',
    '"',
    "'",
    '=',
    '&',
    '!',
    '?',
    '-',
    'a',
    'img',
    'div',
    'script',
    ' src=x',
    ' onerror=alert(1)',
    '<b>',
    '</b>',
    '<script>',
    '</script>',
    '<!--',
    '-->',
    '<img src=x onerror=alert(1)>',
    '> ',
    '- ',
    '[x](',
    ')',
  );
  const markdownish = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));

  it('leaves no HTML for a renderer with raw HTML on, and a second pass changes nothing', () => {
    fc.assert(
      fc.property(markdownish, (source) => {
        const clean = sanitizeMarkdown(source);
        expect(containsHtml(clean)).toBe(false);
        expect(sanitizeMarkdown(clean)).toBe(clean);
      }),
      { numRuns: 400 },
    );
  });

  it('changes nothing in markdown without HTML', () => {
    fc.assert(
      fc.property(markdownish, (source) => {
        fc.pre(!containsHtml(source) && !/<[A-Za-z/!?]/.test(source));
        expect(sanitizeMarkdown(source)).toBe(source);
      }),
      { numRuns: 400 },
    );
  });
});
