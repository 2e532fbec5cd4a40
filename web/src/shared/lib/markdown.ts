import MarkdownIt from 'markdown-it';
import createDOMPurify from 'dompurify';

/**
 * Markdown for challenge descriptions, stage texts, proof instructions and reward descriptions:
 * markdown-it with raw HTML off, then DOMPurify. This is what keeps the page safe: the server strips
 * raw HTML from these fields only when they are saved through the API (server/src/platform/markdown.ts),
 * so texts saved before that, or written to the database another way, arrive as they were stored.
 * Links open in a new tab without handing the hub's window to the other site.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });

// Texts sit under the page's h1 and a section's h2: their own "#" headings start at h3.
md.core.ruler.push('shift_headings', (state) => {
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`;
    }
  }
});

/** Made on first use, so that loading this module needs no browser window. */
let purify: ReturnType<typeof createDOMPurify> | null = null;
function purifier(): ReturnType<typeof createDOMPurify> {
  if (purify) return purify;
  purify = createDOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && node.getAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return purify;
}

export function renderMarkdown(source: string | null | undefined): string {
  if (!source?.trim()) return '';
  return purifier().sanitize(md.render(source), {
    USE_PROFILES: { html: true },
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['style', 'form', 'input', 'button'],
    FORBID_ATTR: ['style'],
  });
}

/**
 * Members' posts (the community): the same pipeline, plus what user content needs.
 * - Links carry `rel="nofollow ugc noopener noreferrer"` and open in a new tab.
 * - When the author is not yet trusted (`linksAllowed: false`), links and images render as their
 *   text (the address shown, not clickable): the anti-spam rule for new members.
 * - A mention, `@[Name](mention:<member id>)`, renders as a highlighted "@Name", never as a link.
 */
const ugc = new MarkdownIt({ html: false, linkify: true, breaks: true });
ugc.core.ruler.push('shift_headings', (state) => {
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`;
    }
  }
});
const MENTION_HREF = /^mention:[0-9a-f-]{36}$/;
// markdown-it refuses unknown schemes only for javascript:, vbscript:, file: and data:; mention: passes.
ugc.core.ruler.push('ugc_links', (state) => {
  const allowed = (state.env as { linksAllowed?: boolean }).linksAllowed !== false;
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: typeof block.children = [];
    for (let i = 0; i < block.children.length; i++) {
      const t = block.children[i]!;
      if (t.type === 'link_open') {
        const href = String(t.attrGet('href') ?? '');
        if (MENTION_HREF.test(href)) {
          const prev = out[out.length - 1];
          if (prev?.type === 'text' && prev.content.endsWith('@')) prev.content = prev.content.slice(0, -1);
          t.tag = 'span';
          t.attrs = [
            ['class', 'mention'],
            ['data-member-id', href.slice('mention:'.length)],
          ];
          out.push(t);
          const open = new state.Token('text', '', 0);
          open.content = '@';
          out.push(open);
          // The matching link_close becomes a span close.
          let depth = 0;
          for (let j = i + 1; j < block.children.length; j++) {
            const c = block.children[j]!;
            if (c.type === 'link_open') depth++;
            if (c.type === 'link_close') {
              if (depth === 0) {
                c.tag = 'span';
                c.type = 'mention_close';
                break;
              }
              depth--;
            }
          }
          t.type = 'mention_open';
          continue;
        }
        if (!allowed) {
          // Keep the words; show the address after them as plain text.
          let j = i + 1;
          while (j < block.children.length && block.children[j]!.type !== 'link_close') out.push(block.children[j++]!);
          const label = block.children
            .slice(i + 1, j)
            .map((c) => c.content)
            .join('');
          if (label !== href && label !== href.replace(/^mailto:/, '')) {
            const tail = new state.Token('text', '', 0);
            tail.content = ` (${href})`;
            out.push(tail);
          }
          i = j;
          continue;
        }
        t.attrSet('rel', 'nofollow ugc noopener noreferrer');
        t.attrSet('target', '_blank');
      }
      if (t.type === 'image' && !allowed) {
        const alt = new state.Token('text', '', 0);
        alt.content = `[image: ${t.content || t.attrGet('src') || ''}]`;
        out.push(alt);
        continue;
      }
      out.push(t);
    }
    block.children = out;
  }
});
ugc.renderer.rules.mention_open = (tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options);
ugc.renderer.rules.mention_close = (tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options);

let ugcPurify: ReturnType<typeof createDOMPurify> | null = null;
function ugcPurifier(): ReturnType<typeof createDOMPurify> {
  if (ugcPurify) return ugcPurify;
  ugcPurify = createDOMPurify(window);
  ugcPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && node.getAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'nofollow ugc noopener noreferrer');
    }
  });
  return ugcPurify;
}

/** A member's post as safe HTML (see above). */
export function renderPostMarkdown(source: string | null | undefined, opts: { linksAllowed?: boolean } = {}): string {
  if (!source?.trim()) return '';
  return ugcPurifier().sanitize(ugc.render(source, { linksAllowed: opts.linksAllowed !== false }), {
    USE_PROFILES: { html: true },
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'svg', 'math', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style', 'srcset'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|\/(?!\/)|#)/i,
  });
}

/** Plain text of markdown (excerpts, notifications): no markup, mentions as "@Name". */
export function markdownToText(source: string): string {
  return source
    .replace(/@\[([^\]\n]{1,120})\]\(mention:[0-9a-f-]{36}\)/g, '@$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_>#~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
