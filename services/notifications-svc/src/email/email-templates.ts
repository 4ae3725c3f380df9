import type { NotificationRow } from '../db/schema.ts';
import { kindLabels } from '../kinds.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Everything from the notification is user content (a task's title, an answer): escaped, always. */
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => htmlEscapes[char] as string);

/** A path of the web app becomes a link on PUBLIC_APP_URL; an https URL stays as it is. */
export function absoluteLink(url: string, appUrl: string): string {
  return url.startsWith('/') ? `${appUrl.replace(/\/$/, '')}${url}` : url;
}

/**
 * The email for a notification, as plain text and as HTML with the same content. The subject is
 * the title on one line (a header cannot hold line breaks).
 */
export function renderEmail(
  row: Pick<NotificationRow, 'kind' | 'title' | 'body' | 'url'>,
  recipient: { name: string | null },
  appUrl: string,
): RenderedEmail {
  const link = row.url ? absoluteLink(row.url, appUrl) : null;
  const settings = absoluteLink('/settings', appUrl);
  const why = `You get this email because ${kindLabels[row.kind]} emails are on in your notification settings.`;
  const greeting = recipient.name ? `Hi ${recipient.name},` : 'Hi,';
  const subject = row.title.replace(/\s+/g, ' ').trim();

  const text = [
    greeting,
    '',
    row.title,
    '',
    ...(row.body ? [row.body, ''] : []),
    ...(link ? [`Open it: ${link}`, ''] : []),
    '--',
    why,
    `Change them: ${settings}`,
    '',
  ].join('\n');

  const paragraphs = row.body
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => `<p style="margin:0 0 12px">${escapeHtml(paragraph).replaceAll('\n', '<br>')}</p>`)
    .join('\n');
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f4;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2328">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<p style="margin:0 0 12px">${escapeHtml(greeting)}</p>
<h1 style="font-size:18px;margin:0 0 16px">${escapeHtml(row.title)}</h1>
${paragraphs}
${link ? `<p style="margin:16px 0"><a href="${escapeHtml(link)}" style="color:#1a7f64">Open it in Perplexica</a></p>` : ''}
<hr style="border:none;border-top:1px solid #e5e5e5;margin:24px 0 12px">
<p style="font-size:12px;color:#6b6b6b;margin:0">${escapeHtml(why)} <a href="${escapeHtml(settings)}" style="color:#6b6b6b">Change them</a>.</p>
</div>
</body>
</html>
`;
  return { subject, text, html };
}
