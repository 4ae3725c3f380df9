import type { Story } from '../news/story.ts';
import type { TopicFeed } from './build-feed.ts';

/** A story in For You, saying which followed topic brought it. */
export type ForYouStory = Story & { topic: string };

/**
 * For You from several topic feeds: taken in turns, one story from each topic's ranking, so every
 * followed topic shows near the top whatever its volume; a story two topics share (the same lead
 * report, so the same id) appears once, under the topic that reached it first.
 */
export function mergeFeeds(feeds: readonly TopicFeed[]): ForYouStory[] {
  const merged: ForYouStory[] = [];
  const seen = new Set<string>();
  const longest = Math.max(0, ...feeds.map((feed) => feed.stories.length));
  for (let rank = 0; rank < longest; rank++) {
    for (const feed of feeds) {
      const story = feed.stories[rank];
      if (!story || seen.has(story.id)) continue;
      seen.add(story.id);
      merged.push({ ...story, topic: feed.topic.id });
    }
  }
  return merged;
}
