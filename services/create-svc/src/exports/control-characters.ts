/**
 * Text without the characters XML 1.0 (DOCX) and PDF text cannot hold: C0 controls other than
 * tab, line feed and carriage return, and the non-characters U+FFFE and U+FFFF. A model's answer
 * can carry one; the document must still open.
 */
export function withoutControlCharacters(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    const control = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
    if (!control && code !== 0xfffe && code !== 0xffff) out += char;
  }
  return out;
}
