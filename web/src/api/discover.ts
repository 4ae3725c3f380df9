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
  /** There is a triangulation to ask for (two outlets or more). */
  triangulated?: boolean;
  /** For You: the followed topic that brought it. */
  topic?: string;
}

/** A claim and the story sources (`n`) that make it. */
export interface CitedClaim {
  claim: string;
  outlets: number[];
}

/** Where a story's outlets agree and differ (discover-svc src/news/triangulate.ts). */
export interface Triangulation {
  agreements: CitedClaim[];
  differences: Array<{
    topic: string;
    differsOn: Array<'numbers' | 'dates' | 'names'>;
    positions: CitedClaim[];
  }>;
  singleSource: CitedClaim[];
}

export interface StoryTriangulation {
  story: { id: string; title: string; outlets: string[] };
  topic: { id: string; label: string };
  sources: StorySource[];
  /** null: one outlet only, nothing to compare. */
  triangulation: Triangulation | null;
}

/** A user's own topic: their feeds, keywords and sites. */
export interface CustomTopic {
  id: string;
  label: string;
  feeds: string[];
  keywords: string[];
  sites: string[];
  createdAt: string;
  updatedAt: string;
}

export type CustomTopicInput = Pick<CustomTopic, 'label' | 'feeds' | 'keywords' | 'sites'>;

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
  triangulation: (storyId: string, topic: string) =>
    api<StoryTriangulation>(
      `/api/v1/discover/stories/${encodeURIComponent(storyId)}/triangulation?${new URLSearchParams({ topic })}`,
    ),
  customTopics: () => api<{ topics: CustomTopic[] }>('/api/v1/discover/custom-topics'),
  createCustomTopic: (input: CustomTopicInput) =>
    api<{ topic: CustomTopic }>('/api/v1/discover/custom-topics', { method: 'POST', body: input }),
  updateCustomTopic: (id: string, input: Partial<CustomTopicInput>) =>
    api<{ topic: CustomTopic }>(`/api/v1/discover/custom-topics/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body: input,
    }),
  deleteCustomTopic: (id: string) =>
    api<void>(`/api/v1/discover/custom-topics/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  customFeed: (id: string, page = 1) =>
    api<TopicFeed>(`/api/v1/discover/custom-topics/${encodeURIComponent(id)}/feed?page=${page}`),
  refreshCustomTopic: (id: string) =>
    api<TopicFeed>(`/api/v1/discover/custom-topics/${encodeURIComponent(id)}/refresh`, { method: 'POST' }),
};
