/** Words too common to say anything about a topic; without this every query matches everything. */
const STOPWORDS = new Set(
  'a an and are as at be by can do does for from how in into is it its of on or that the their this to was what when where which who why will with you your about i me my we our'.split(
    ' ',
  ),
);

/** Lowercase words (letters and digits, any script). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Words that carry meaning: no stopwords, no single letters. */
export function keywords(text: string): string[] {
  return words(text).filter((word) => word.length > 1 && !STOPWORDS.has(word));
}

/** Rough token count: the fakes count words, which is close enough for usage figures. */
export function countTokens(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}
