/** Lower case without accents: "Belém" and "BELEM" compare equal. */
const plain = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * Whether a search result's text speaks of a place, by any of its names. A search for "best food
 * in Lisbon" also finds pages about other cities' food; those are not sources for Lisbon.
 */
export function mentionsPlace(text: string, names: readonly string[]): boolean {
  const haystack = plain(text);
  return names.some((name) => {
    const needle = plain(name).trim();
    return needle.length > 0 && haystack.includes(needle);
  });
}
