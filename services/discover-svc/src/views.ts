import { ApiError } from '@perplexica/errors';
import type { TopicFeed } from './feed/build-feed.ts';
import type { Story } from './news/story.ts';
import type { Topic } from './topics.ts';
import { PAGE_SIZE } from './wire-schemas.ts';

export const topicView = (topic: Topic, followed: boolean) => ({
  id: topic.id,
  label: topic.label,
  followed,
});

/**
 * A story as feed pages show it: its triangulation is left out (the triangulation route serves
 * it) and `triangulated` says whether there is one to ask for.
 */
export function storyView<T extends Story>({ triangulation, ...story }: T) {
  return { ...story, triangulated: Boolean(triangulation) };
}

/**
 * One page of stories. Page 1 always exists (an empty feed is an empty page); a page past the last
 * is 404, which tells an infinite scroll it has reached the end.
 */
export function pageOf<T extends Story>(stories: readonly T[], page: number) {
  const totalPages = Math.max(1, Math.ceil(stories.length / PAGE_SIZE));
  if (page > totalPages) {
    throw new ApiError('not_found', `Page ${page} does not exist: there are ${totalPages}`, {
      details: { totalPages },
    });
  }
  return {
    page,
    pageSize: PAGE_SIZE,
    totalPages,
    hasMore: page < totalPages,
    stories: stories.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(storyView),
  };
}

/** A page of a topic's feed (a configured topic's or a custom one's) as the API answers it. */
export const feedPage = (feed: TopicFeed, page: number) => ({
  topic: feed.topic,
  generatedAt: feed.generatedAt,
  summaryModel: feed.summaryModel,
  sources: feed.sources,
  ...pageOf(feed.stories, page),
});
