import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

// Closing tags after which a reader sees a line break; kept so paragraphs stay paragraphs.
const blockEnd =
  /<\/(p|div|h[1-6]|li|tr|blockquote|pre|section|article|header|footer|table|ul|ol|figure)>|<br\s*\/?>/gi;

/** The text of an HTML fragment (a feed item's body, an article): no tags, scripts or styles, one paragraph a line. */
export function htmlToText(html: string): string {
  const { document } = parseHTML(
    `<!doctype html><html><body>${html.replace(blockEnd, '$&\n')}</body></html>`,
  );
  for (const noise of document.querySelectorAll('script, style, noscript, template')) noise.remove();
  return (document.body?.textContent ?? '')
    .split('\n')
    .map((line: string) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/**
 * The readable text of an HTML page, without navigation, scripts and other noise: Mozilla's
 * Readability (Firefox Reader View) over linkedom's DOM (pure JS, much lighter than jsdom).
 * Pages Readability cannot make sense of fall back to the body text minus scripts and styles.
 */
export function readableText(html: string, url: string): { title: string; text: string } {
  // A fragment (no <html>) gets a document around it, or linkedom has no root to parse into.
  if (!/<html[\s>]/i.test(html)) html = `<!doctype html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(html);
  const fallbackTitle = (document.title ?? '').trim();
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
    charThreshold: 100,
  }).parse();
  if (article?.content) {
    return {
      title: (article.title ?? '').trim() || fallbackTitle || url,
      text: htmlToText(article.content),
    };
  }
  const { document: again } = parseHTML(html);
  for (const noise of again.querySelectorAll('script, style, noscript, nav, header, footer, svg'))
    noise.remove();
  return { title: fallbackTitle || url, text: htmlToText(again.body?.innerHTML ?? '') };
}
