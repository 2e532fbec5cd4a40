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
