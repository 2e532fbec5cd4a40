import { describe, expect, it } from 'vitest';
import type { Post } from '@advocate-hub/shared';
import {
  compareSeq,
  insertMention,
  mentionAt,
  mergePosts,
  postNotice,
  quotePrefill,
  replaceThrough,
  toggleReaction,
} from '../../web/src/features/community/lib/community';
import { MENTION_PATTERN } from '@advocate-hub/shared';

const post = (id: string, seq: string, body = id): Post => ({ id, seq, body, status: 'visible' }) as unknown as Post;

describe('community web: mentions in the composer', () => {
  it('an @ followed by letters right before the caret is a mention being typed', () => {
    expect(mentionAt('Thanks @ad', 10)).toEqual({ start: 7, query: 'ad' });
    expect(mentionAt('@Ada Lo', 7)).toEqual({ start: 0, query: 'Ada Lo' });
    expect(mentionAt('(@zoë', 5)).toEqual({ start: 1, query: 'zoë' });
    expect(mentionAt('hi @Uma 4a1', 11)).toEqual({ start: 3, query: 'Uma 4a1' });
  });

  it('an address, a lone @ or a caret elsewhere is not', () => {
    expect(mentionAt('mail ada@example.com', 20)).toBeNull();
    expect(mentionAt('just @', 6)).toBeNull();
    expect(mentionAt('@ada is here', 12)).toBeNull();
    expect(mentionAt('@12', 3)).toBeNull();
  });

  it('choosing a member puts the mention syntax in place of what was typed, caret after it', () => {
    const text = 'Hi @ad, welcome';
    const at = mentionAt(text, 6)!;
    const id = '0b6f7c1e-1234-4abc-8def-0123456789ab';
    const out = insertMention(text, at, 6, { id, name: 'Ada Lovelace' });
    expect(out.text).toBe(`Hi @[Ada Lovelace](mention:${id}) , welcome`);
    expect(out.text.slice(0, out.caret)).toBe(`Hi @[Ada Lovelace](mention:${id}) `);
    expect(out.text.match(MENTION_PATTERN)).toHaveLength(1);
  });

  it('a name with brackets cannot break out of the mention syntax', () => {
    const id = '0b6f7c1e-1234-4abc-8def-0123456789ab';
    const out = insertMention('@x', { start: 0, query: 'x' }, 2, { id, name: 'Evil](javascript:x)[' });
    expect(out.text).toBe(`@[Evil (javascript:x)](mention:${id}) `);
  });
});

describe('community web: posts in order', () => {
  it('seq compares as a number, not as text', () => {
    expect(compareSeq('9', '10')).toBeLessThan(0);
    expect(compareSeq('12345678901234567890', '12345678901234567889')).toBeGreaterThan(0);
  });

  it('new posts are added in order and known ones replaced', () => {
    const merged = mergePosts([post('a', '1'), post('b', '5')], [post('c', '10'), post('b', '5', 'edited')]);
    expect(merged.map((p) => [p.id, p.body])).toEqual([
      ['a', 'a'],
      ['b', 'edited'],
      ['c', 'c'],
    ]);
  });

  it('a refresh drops posts the reader may no longer see, up to where it read', () => {
    const shown = [post('a', '1'), post('b', '2'), post('c', '3'), post('d', '9')];
    const out = replaceThrough(shown, [post('a', '1'), post('c', '3', 'new')], '3');
    expect(out.map((p) => p.id)).toEqual(['a', 'c', 'd']);
  });

  it('a reaction toggles my kind and its count, never below zero', () => {
    const s = { counts: { like: 0, love: 2, insightful: 0, celebrate: 0, funny: 0 }, mine: ['love' as const] };
    expect(toggleReaction(s, 'like', true)).toEqual({ counts: { ...s.counts, like: 1 }, mine: ['love', 'like'] });
    expect(toggleReaction(s, 'love', false)).toEqual({ counts: { ...s.counts, love: 1 }, mine: [] });
    expect(toggleReaction(s, 'love', true)).toBe(s);
  });

  it('a quote starts the reply with the first words as a blockquote', () => {
    expect(
      quotePrefill('**Hello** @[Ada](mention:0b6f7c1e-1234-4abc-8def-0123456789ab), see [docs](https://x.test)'),
    ).toBe('> Hello @Ada, see docs\n\n');
    const long = quotePrefill('word '.repeat(200), 40);
    expect(long.length).toBeLessThan(50);
    expect(long).toMatch(/…\n\n$/);
  });

  it('hidden and removed posts are explained kindly to whom they concern', () => {
    expect(postNotice({ status: 'visible' }, true, false)).toBeNull();
    expect(postNotice({ status: 'hidden' }, true, false)).toMatch(/Hidden while a moderator takes a look/);
    expect(postNotice({ status: 'hidden' }, false, true)).toMatch(/^Hidden/);
    expect(postNotice({ status: 'deleted' }, false, false)).toBe('This post was removed by a moderator.');
  });
});
