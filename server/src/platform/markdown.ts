/**
 * Markdown texts lose their raw HTML when they are saved. Every `markdown()` field of the shared
 * contracts runs `sanitizeMarkdown` as the server parses a request (see `installMarkdownSanitiser`);
 * the browser renders with markdown-it (raw HTML off) and DOMPurify again.
 *
 * The text stays markdown: sanitize-html (every tag discarded, script and style with their content)
 * sees only the HTML tags, comments and declarations found in it, never the rest. So `a < b`, `AT&T`,
 * `&amp;`, `> quote`, `<https://autolinks>` and code (fenced, indented, or in backticks: `` `<b>` ``)
 * keep every character, and what the member reads and the admin edits is what was typed, less the HTML.
 * markdown-it (raw HTML on, as another client might render it) then checks that no HTML is left;
 * where the guesswork about code spans was wrong, or a broken tag starts an HTML block, it is
 * stripped again without sparing code spans, and what still looks like HTML is escaped.
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { setMarkdownSanitiser } from '@advocate-hub/shared/fields';

// HTML as CommonMark reads it (markdown-it's html_re): open and closing tags, comments, processing
// instructions, declarations, CDATA.
const ATTRIBUTE = `\\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\\s*=\\s*(?:[^"'=<>\`\\x00-\\x20]+|'[^']*'|"[^"]*"))?`;
const OPEN_TAG = `<([A-Za-z][A-Za-z0-9-]*)(?:${ATTRIBUTE})*\\s*/?>`;
const CLOSE_TAG = `</([A-Za-z][A-Za-z0-9-]*)\\s*>`;
const HTML = new RegExp(
  `${OPEN_TAG}|${CLOSE_TAG}|<!---?>|<!--[\\s\\S]*?-->|<\\?[\\s\\S]*?\\?>|<![A-Za-z][^>]*>|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>`,
  'y',
);
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Elements dropped with what they contain; other elements leave their text behind. */
const DROPPED_WITH_CONTENT = [
  'script',
  'style',
  'textarea',
  'option',
  'noscript',
  'iframe',
  'noembed',
  'noframes',
  'xmp',
  'title',
  'template',
];

// Stand-ins for the text's own `<`, `>` and `&` (so sanitize-html neither parses nor escapes them) and
// for code: Unicode noncharacters, removed from the input first.
const LT = '\uFDD0';
const GT = '\uFDD1';
const AMP = '\uFDD2';
const CODE_OPEN = '\uFDD3';
const CODE_CLOSE = '\uFDD4';
const NONCHARACTERS = /[\uFDD0-\uFDD4]/g;

const markdownIt = new MarkdownIt({ html: true });
/** Block structure only (where code blocks are): inline parsing is the costly part. */
const blockParser = new MarkdownIt({ html: true }).disable(['inline', 'text_join'], true);

type Segment = { kind: 'text' | 'code' | 'html'; value: string; tag?: string; closing?: boolean };

/** Character ranges of fenced and indented code blocks, as markdown-it finds them. */
function codeBlocks(source: string): Array<[number, number]> {
  const lineStarts = [0];
  for (const m of source.matchAll(/\r\n?|\n/g)) lineStarts.push(m.index + m[0].length);
  return blockParser
    .parse(source, {})
    .filter((t) => (t.type === 'fence' || t.type === 'code_block') && t.map)
    .map((t) => [lineStarts[t.map![0]] ?? source.length, lineStarts[t.map![1]] ?? source.length]);
}

/** The end of the code span whose opening backticks run from `start` to `after`, if it closes before `limit`. */
function codeSpanEnd(source: string, start: number, after: number, limit: number): number | null {
  const run = after - start;
  const closing = new RegExp(`(?<!\`)\`{${run}}(?!\`)`, 'g');
  closing.lastIndex = after;
  const m = closing.exec(source);
  return m && m.index < limit ? m.index + run : null;
}

/** Splits markdown into text, code to keep as it is, and HTML. */
function segments(source: string, spareCodeSpans: boolean): Segment[] {
  const out: Segment[] = [];
  const text = (value: string) => {
    const last = out[out.length - 1];
    if (last?.kind === 'text') last.value += value;
    else out.push({ kind: 'text', value });
  };
  const blocks = codeBlocks(source);
  // A code span ends within its paragraph: before a blank line or the next code block.
  const ends = [
    ...[...source.matchAll(/(?:\r\n?|\n)[ \t]*(?:\r\n?|\n)/g)].map((m) => m.index),
    ...blocks.map(([from]) => from),
  ].sort((a, b) => a - b);
  const special = /[\\`<]/g;
  let block = 0;
  let end = 0;
  let i = 0;
  while (i < source.length) {
    while (block < blocks.length && blocks[block]![1] <= i) block++;
    const [from, to] = blocks[block] ?? [source.length, source.length];
    if (from <= i) {
      out.push({ kind: 'code', value: source.slice(i, to) });
      i = to;
      continue;
    }
    special.lastIndex = i;
    const next = Math.min(special.exec(source)?.index ?? source.length, from);
    if (next > i) {
      text(source.slice(i, next));
      i = next;
      continue;
    }
    const ch = source[i]!;
    if (ch === '\\') {
      const escapes = ASCII_PUNCTUATION.test(source[i + 1] ?? '');
      text(source.slice(i, escapes ? i + 2 : i + 1));
      i += escapes ? 2 : 1;
    } else if (ch === '`') {
      let after = i;
      while (source[after] === '`') after++;
      while (end < ends.length && ends[end]! <= i) end++;
      const close = spareCodeSpans ? codeSpanEnd(source, i, after, ends[end] ?? source.length) : null;
      if (close === null) text(source.slice(i, after));
      else out.push({ kind: 'code', value: source.slice(i, close) });
      i = close ?? after;
    } else {
      HTML.lastIndex = i;
      const m = HTML.exec(source);
      if (m) {
        out.push({ kind: 'html', value: m[0], tag: (m[1] ?? m[2])?.toLowerCase(), closing: m[2] !== undefined });
        i += m[0].length;
      } else {
        text(ch);
        i++;
      }
    }
  }
  return out;
}

/** One pass: the HTML goes through sanitize-html, which keeps only text; text and code stay as they are. */
function stripHtml(source: string, spareCodeSpans: boolean): string {
  const parts = segments(source, spareCodeSpans);
  const code: string[] = [];
  const html = parts
    .map((p, n) => {
      if (p.kind === 'code') return `${CODE_OPEN}${code.push(p.value) - 1}${CODE_CLOSE}`;
      if (p.kind === 'text') return p.value.replaceAll('<', LT).replaceAll('>', GT).replaceAll('&', AMP);
      // An element that drops its content, opened and never closed, would swallow the rest of the
      // text: only the tag goes.
      const unclosed =
        p.tag &&
        !p.closing &&
        DROPPED_WITH_CONTENT.includes(p.tag) &&
        !parts.slice(n + 1).some((q) => q.kind === 'html' && q.closing && q.tag === p.tag);
      return unclosed ? '' : p.value;
    })
    .join('');
  const clean = sanitizeHtml(html, {
    allowedTags: [],
    allowedAttributes: {},
    disallowedTagsMode: 'discard',
    nonTextTags: DROPPED_WITH_CONTENT,
    parser: { decodeEntities: false },
  });
  return clean
    .replaceAll(LT, '<')
    .replaceAll(GT, '>')
    .replaceAll(AMP, '&')
    .replace(new RegExp(`${CODE_OPEN}(\\d+)${CODE_CLOSE}`, 'g'), (_m, n: string) => code[Number(n)] ?? '');
}

/** Strips until nothing changes (a removed tag can join `<` and `img …>` into a new one). */
function stripUntilStable(source: string, spareCodeSpans: boolean): string {
  let current = source;
  for (let pass = 0; pass < 20; pass++) {
    const next = stripHtml(current, spareCodeSpans);
    if (next === current) return next;
    current = next;
  }
  return current;
}

/** Does a renderer with raw HTML on find any HTML in this markdown? */
export function containsHtml(source: string): boolean {
  return markdownIt
    .parse(source, {})
    .some((t) => t.type === 'html_block' || t.children?.some((c) => c.type === 'html_inline'));
}

/** Escapes every `<` that could start HTML, outside code blocks. */
function escapeHtmlStarts(source: string): string {
  return segments(source, false)
    .map((p) => (p.kind === 'code' ? p.value : p.value.replace(/<(?=[A-Za-z/!?])/g, '&lt;')))
    .join('');
}

/** Markdown without raw HTML; everything else as it was written. */
export function sanitizeMarkdown(source: string): string {
  const input = source.replace(NONCHARACTERS, '').replaceAll('\0', '\uFFFD');
  let out = stripUntilStable(input, true);
  if (containsHtml(out)) out = stripUntilStable(out, false);
  if (containsHtml(out)) out = escapeHtmlStarts(out);
  if (containsHtml(out)) out = out.replaceAll('<', '&lt;');
  return out;
}

/** Makes every `markdown()` field of the shared contracts sanitise what the server parses. */
export function installMarkdownSanitiser(): void {
  setMarkdownSanitiser(sanitizeMarkdown);
}
