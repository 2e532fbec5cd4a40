import type { FlagReason, Post, ReactionKind, ReactionSummary } from '../api';
import { markdownToText } from '@/shared/lib/markdown';

/** The fixed reactions, in the order the bar shows them (icons in CommunityReactions.vue). */
export const REACTIONS: readonly { kind: ReactionKind; label: string }[] = [
  { kind: 'like', label: 'Like' },
  { kind: 'love', label: 'Love' },
  { kind: 'insightful', label: 'Insightful' },
  { kind: 'celebrate', label: 'Celebrate' },
  { kind: 'funny', label: 'Funny' },
];

export const FLAG_REASONS: readonly { value: FlagReason; label: string; hint: string }[] = [
  { value: 'off_topic', label: 'Off-topic', hint: 'Not about this thread or this community.' },
  { value: 'inappropriate', label: 'Inappropriate', hint: 'Rude, hurtful or not safe for work.' },
  { value: 'spam', label: 'Spam', hint: 'Advertising or links nobody asked for.' },
  { value: 'other', label: 'Something else', hint: 'Tell the moderators what is wrong in the note.' },
];

/** The longest post body the API takes. */
export const BODY_MAX = 20_000;
export const TITLE_MAX = 200;

/** Posts are ordered by `seq`, a decimal bigint sent as a string. */
export function compareSeq(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Posts shown, with `incoming` put in (new ones added, known ones replaced), in thread order. */
export function mergePosts(shown: readonly Post[], incoming: readonly Post[]): Post[] {
  const byId = new Map(shown.map((p) => [p.id, p]));
  for (const p of incoming) byId.set(p.id, p);
  return [...byId.values()].sort((a, b) => compareSeq(a.seq, b.seq));
}

/**
 * A page of posts read again from the start up to `through` (a refresh): posts the page no longer
 * holds up to there are gone for this reader (hidden, moved); posts after it are kept.
 */
export function replaceThrough(shown: readonly Post[], fresh: readonly Post[], through: string): Post[] {
  const kept = shown.filter((p) => compareSeq(p.seq, through) > 0);
  return mergePosts(kept, fresh);
}

/** My reactions toggled locally (until the server answers with the real counts). */
export function toggleReaction(summary: ReactionSummary, kind: ReactionKind, active: boolean): ReactionSummary {
  const had = summary.mine.includes(kind);
  if (had === active) return summary;
  const count = (summary.counts[kind] ?? 0) + (active ? 1 : -1);
  return {
    counts: { ...summary.counts, [kind]: Math.max(0, count) },
    mine: active ? [...summary.mine, kind] : summary.mine.filter((k) => k !== kind),
  };
}

/** The quote-reply's start: the post's first words as a markdown blockquote, then an empty line. */
export function quotePrefill(body: string, max = 280): string {
  const text = markdownToText(body);
  const cut = text.length > max ? `${text.slice(0, max).replace(/\s+\S*$/, '')}…` : text;
  return cut ? `> ${cut}\n\n` : '';
}

/** A mention as the body stores it. */
export function mentionMarkdown(name: string, id: string): string {
  const safe = name.replace(/[[\]\n]/g, ' ').trim();
  return `@[${safe}](mention:${id})`;
}

/** The `@name` being typed just before the caret (a letter first, maybe a second word), or null. */
export interface MentionQuery {
  /** Where the `@` is. */
  start: number;
  /** The letters after it. */
  query: string;
}

const MENTION_TYPING = /(?:^|[\s([{"'])@(\p{L}[\p{L}\p{M}\p{N}'.-]*(?: [\p{L}\p{N}][\p{L}\p{M}\p{N}'.-]*)?)$/u;

export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(Math.max(0, caret - 80), caret);
  const m = MENTION_TYPING.exec(before);
  if (!m) return null;
  const query = m[1]!;
  return { start: caret - query.length - 1, query };
}

/** The text with the mention query replaced by the mention (and a space); the caret after it. */
export function insertMention(
  text: string,
  at: MentionQuery,
  caret: number,
  who: { id: string; name: string },
): { text: string; caret: number } {
  const inserted = `${mentionMarkdown(who.name, who.id)} `;
  const rest = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, at.start) + inserted + rest, caret: at.start + inserted.length };
}

/** "3 replies", "1 reply". */
export function countText(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** How a post reads when the reader cannot see its body. */
export function postNotice(post: Pick<Post, 'status'>, mine: boolean, moderator: boolean): string | null {
  if (post.status === 'deleted') return 'This post was removed by a moderator.';
  if (post.status === 'hidden') {
    if (moderator) return 'Hidden: members cannot see this post until it is restored.';
    if (mine) return 'Hidden while a moderator takes a look. Only you and the moderators can see it for now.';
  }
  return null;
}
