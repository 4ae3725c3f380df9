/**
 * Words that say nothing about which event an article reports: English function words, and the
 * filler of news writing ("says", "report", "latest", weekdays). Without them two unrelated
 * headlines look alike because both "say" something "today".
 */
const STOPWORDS = new Set(
  `a about above after again against all also am amid an and any are as at be been before being below
  between both but by can could did do does doing down during each few for from further had has have
  having he her here hers herself him himself his how i if in into is it its itself just me more most
  my no nor not now of off on once only or other our ours out over own same she should so some such
  than that the their theirs them then there these they this those through to too under until up very
  was we were what when where which while who whom why will with would you your yours
  says said say saying told tells report reports reported reporting according news latest live update
  updates breaking today tonight yesterday week weeks year years day days new first last next could
  may might must one two three get gets got make makes made set sets take takes took back still
  monday tuesday wednesday thursday friday saturday sunday via per since ago its it's`.split(/\s+/),
);

/**
 * A word reduced to a crude stem so "rates"/"rate" and "NASA's"/"NASA" meet: possessives and a
 * plural "s" go. A real stemmer would do better on English and worse on names; this is enough to
 * compare headlines of one event.
 */
function stem(word: string): string {
  let w = word.replace(/['’]s$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  return w;
}

/** The significant terms of a text: lower case, stopwords and one-letter words dropped, stemmed. */
export function terms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’]s)?/gu) ?? [];
  const result: string[] = [];
  for (const word of words) {
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    const stemmed = stem(word);
    if (stemmed.length >= 2 && !STOPWORDS.has(stemmed)) result.push(stemmed);
  }
  return result;
}

export const termSet = (text: string): Set<string> => new Set(terms(text));
