/**
 * The dedupe key of a memory: the same words whatever the case, spacing or closing full stop, so
 * "I prefer metric units." and "i prefer  metric units" are one memory.
 */
export function normalizeMemory(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.!;,]+$/u, '');
}

/** Trimmed, with its first letter capitalised and a trailing full stop, comma or semicolon dropped. */
export function tidyMemory(text: string): string {
  const trimmed = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.,;:]+$/u, '');
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}
