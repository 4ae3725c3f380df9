import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

// Closing tags after which a reader would see a line break; kept so the text keeps its paragraphs.
const blockEnd =
  /<\/(p|div|h[1-6]|li|tr|blockquote|pre|section|article|header|footer|table|ul|ol)>|<br\s*\/?>/gi;

function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function textOf(html: string): string {
  const { document } = parseHTML(
    `<!doctype html><html><body>${html.replace(blockEnd, '$&\n')}</body></html>`,
  );
  return document.body?.textContent ?? '';
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
      text: tidy(textOf(article.content)),
    };
  }
  const { document: again } = parseHTML(html);
  for (const noise of again.querySelectorAll('script, style, noscript, nav, header, footer, svg'))
    noise.remove();
  return { title: fallbackTitle || url, text: tidy(textOf(again.body?.innerHTML ?? '')) };
}
