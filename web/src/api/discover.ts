import { api } from './client.ts';

/** A Discover topic (discover-svc `DISCOVER_TOPICS`), and whether the caller follows it. */
export interface DiscoverTopic {
  id: string;
  label: string;
  followed: boolean;
}

/** One outlet's report of a story; the summary cites it as [n]. */
export interface StorySource {
  n: number;
  title: string;
  url: string;
  /** The host it was published on, e.g. "reuters.com". */
  outlet: string;
  publishedDate: string | null;
}

/** One event, clustered across outlets (services/discover-svc/src/news/story.ts). */
export interface Story {
  id: string;
  title: string;
  /** Cites `sources` with [n]. */
  summary: string;
  /** `extractive`: picked from the sources' own sentences, no model. */
  summaryKind: 'model' | 'extractive';
  image: string | null;
  sources: StorySource[];
  publishedAt: string | null;
  /** Every distinct outlet reporting it, the first report's first. */
  outlets: string[];
}

interface StoryPage {
  page: number;
  pageSize: number;
  totalPages: number;
  hasMore: boolean;
  stories: Story[];
}

export interface TopicFeed extends StoryPage {
  topic: { id: string; label: string };
  generatedAt: string;
  summaryModel: string | null;
  /** Searches and feeds read for it, and how many failed. */
  sources: { tried: number; failed: number };
}

export interface ForYouFeed extends StoryPage {
  topics: Array<{ id: string; label: string }>;
  /** False: nothing is followed yet, and the default topic stands in. */
  followed: boolean;
  /** Followed topics that could not be read just now, and why. */
  unavailable: Array<{ topic: string; reason: string }>;
}

export const discover = {
  topics: () => api<{ topics: DiscoverTopic[] }>('/api/v1/discover/topics'),
  feed: (topic: string, page = 1) =>
    api<TopicFeed>(`/api/v1/discover?${new URLSearchParams({ topic, page: String(page) })}`),
  forYou: (page = 1) => api<ForYouFeed>(`/api/v1/discover/for-you?page=${page}`),
  follow: (id: string) =>
    api<{ topic: DiscoverTopic }>(`/api/v1/discover/topics/${encodeURIComponent(id)}/follow`, {
      method: 'PUT',
    }),
  unfollow: (id: string) =>
    api<void>(`/api/v1/discover/topics/${encodeURIComponent(id)}/follow`, { method: 'DELETE' }),
};
