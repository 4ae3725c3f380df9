/** The image formats the images API sends, by their first bytes; null for anything else. */
export function sniffImage(bytes: Uint8Array): { contentType: string; extension: string } | null {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
    return { contentType: 'image/png', extension: 'png' };
  if (starts(0xff, 0xd8, 0xff)) return { contentType: 'image/jpeg', extension: 'jpg' };
  if (starts(0x47, 0x49, 0x46, 0x38)) return { contentType: 'image/gif', extension: 'gif' };
  const riff = Buffer.from(bytes.subarray(0, 12));
  if (riff.toString('latin1', 0, 4) === 'RIFF' && riff.toString('latin1', 8, 12) === 'WEBP') {
    return { contentType: 'image/webp', extension: 'webp' };
  }
  return null;
}
