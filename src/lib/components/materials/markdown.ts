// Material bodies are markdown written by anyone in the federation: render them to HTML and
// sanitize that HTML so no script, event handler or javascript: link can run.
import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';
import { marked } from 'marked';

/** Safe HTML for a markdown text; `purifier` is DOMPurify bound to a window (tests pass jsdom's). */
export function renderMarkdown(markdown: string, purifier: Purifier = DOMPurify): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false });
  return purifier.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: [
      'style',
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'iframe',
      'object',
      'embed',
      'svg',
      'math',
    ],
    FORBID_ATTR: ['style', 'srcset'],
  });
}
