import { withoutControlCharacters } from './control-characters.ts';

/**
 * `attachment` with the thread's title as the file name: a plain ASCII `filename` for every client
 * and the UTF-8 one (RFC 6266 `filename*`) for those that read it, so "Вода" survives.
 */
export function attachmentDisposition(title: string, extension: string, fallback: string): string {
  const cleaned = withoutControlCharacters(title)
    .replace(/["\\/:*?<>|\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100)
    .trim();
  const ascii = cleaned
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ._-]+/g, '')
    .replace(/\s+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .toLowerCase();
  const asciiName = `${ascii.length >= 3 ? ascii : fallback}.${extension}`;
  const fullName = `${cleaned || fallback}.${extension}`;
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fullName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
