import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import {
  type CustomTopic,
  type DiscoverTopic,
  discover,
  type ForYouFeed,
  type Story,
  type TopicFeed,
} from '../api/discover.ts';
import { describeError } from '../api/errors.ts';
import { CitedText } from '../components/cited-text.tsx';
import { DiscoverCustomTopics } from '../components/discover-custom-topics.tsx';
import { RemoteImage } from '../components/remote-image.tsx';
import { FailureNotice } from '../components/setup-notice.tsx';
import { SourceIcon } from '../components/source-icon.tsx';
import { TriangulationView } from '../components/triangulation-view.tsx';
import { askHref } from '../lib/ask-link.ts';
import { timeAgo } from '../lib/format.ts';
import '../styles/pages.css';
import '../styles/discover.css';
import '../styles/discover-extra.css';

function StoryCard({ story, lead, topicId }: { story: Story; lead: boolean; topicId: string | undefined }) {
  const [, navigate] = useLocation();
  const sources = story.sources.map((source) => ({ n: source.n, title: source.title, url: source.url }));
  const outlets = story.outlets.length;
  return (
    <article className={`story${lead ? ' story--lead' : ''}`} aria-labelledby={`story-${story.id}`}>
      {story.image ? <RemoteImage src={story.image} alt="" className="story__image" fallback={null} /> : null}
      <div className="story__body">
        <h2 className="story__title" id={`story-${story.id}`}>
          {story.title}
        </h2>
        <p className="story__summary">
          <CitedText text={story.summary} sources={sources} />
        </p>
        <div className="story__footer">
          <details className="story__sources">
            <summary>
              <span className="story__icons" aria-hidden="true">
                {story.sources.slice(0, 3).map((source) => (
                  <SourceIcon key={source.n} url={source.url} />
                ))}
              </span>
              {outlets === 1 ? '1 outlet' : `${outlets} outlets`}
            </summary>
            <ol>
              {story.sources.map((source) => (
                <li key={source.n}>
                  <a href={source.url} target="_blank" rel="noopener noreferrer">
                    {source.title}
                  </a>{' '}
                  <span className="muted">
                    {source.outlet}
                    {source.publishedDate ? ` · ${timeAgo(source.publishedDate)}` : ''}
                  </span>
                </li>
              ))}
            </ol>
          </details>
          {story.publishedAt ? <span className="muted story__when">{timeAgo(story.publishedAt)}</span> : null}
          {story.summaryKind === 'extractive' ? (
            <span
              className="badge"
              title="No language model is configured: the summary is built from the outlets' own sentences"
            >
              extractive
            </span>
          ) : null}
          <button
            type="button"
            className="button button--quiet story__ask"
            onClick={() => navigate(askHref(story.title))}
          >
            Ask about this<span className="visually-hidden">: {story.title}</span>
          </button>
        </div>
        {story.triangulated && topicId ? <TriangulationView storyId={story.id} topicId={topicId} /> : null}
      </div>
    </article>
  );
}

type Feed = TopicFeed | ForYouFeed;

/** A feed's stories, page after page; `key` names the feed (a topic, or For You with what is followed). */
function useFeed(key: string, load: (page: number) => Promise<Feed>) {
  const [pages, setPages] = useState<{
    key: string;
    first: Feed;
    stories: Story[];
    hasMore: boolean;
    page: number;
  } | null>(null);
  const [error, setError] = useState<{ key: string; error: unknown } | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  // `load` changes with every render; `key` says when the feed is another.
  useEffect(() => {
    let current = true;
    setError(null);
    setBusy(true);
    load(1).then(
      (feed) => {
        if (!current) return;
        setPages({ key, first: feed, stories: feed.stories, hasMore: feed.hasMore, page: 1 });
        setBusy(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError({ key, error: failure });
        setBusy(false);
      },
    );
    return () => {
      current = false;
    };
  }, [key, attempt]);

  const more = async () => {
    if (!pages || busy) return;
    setBusy(true);
    try {
      const next = await load(pages.page + 1);
      setPages((held) =>
        held && held.key === key
          ? {
              ...held,
              // A story can move between pages while the feed is rebuilt; each is shown once.
              stories: [
                ...held.stories,
                ...next.stories.filter((s) => !held.stories.some((h) => h.id === s.id)),
              ],
              hasMore: next.hasMore,
              page: next.page,
            }
          : held,
      );
    } catch (failure) {
      setError({ key, error: failure });
    } finally {
      setBusy(false);
    }
  };
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return {
    feed: pages?.key === key ? pages : null,
    error: error?.key === key ? error.error : null,
    busy,
    more,
    retry,
  };
}

function FeedView({
  feedKey,
  load,
  topicId,
}: {
  feedKey: string;
  load: (page: number) => Promise<Feed>;
  /** The topic the stories come from (For You stories say their own). */
  topicId?: string;
}) {
  const { feed, error, busy, more, retry } = useFeed(feedKey, load);
  if (error && !feed) return <FailureNotice error={error} setup="search" onRetry={retry} />;
  if (!feed) {
    return (
      <p className="muted" aria-busy="true">
        Gathering the news…
      </p>
    );
  }
  const first = feed.first;
  return (
    <>
      {'unavailable' in first && first.unavailable.length > 0 ? (
        <p className="notice notice--warning">
          Some of your topics could not be read just now:{' '}
          {first.unavailable.map((entry) => `${entry.topic} (${entry.reason})`).join('; ')}.
        </p>
      ) : null}
      {'sources' in first && first.sources.failed > 0 ? (
        <p className="notice notice--info">
          {first.sources.failed} of {first.sources.tried} news sources did not answer; this feed is built from
          the rest.
        </p>
      ) : null}
      {feed.stories.length === 0 ? (
        <p className="muted">No stories here right now. Try another topic, or come back later.</p>
      ) : (
        <ol className="stories">
          {feed.stories.map((story, index) => (
            <li key={story.id}>
              <StoryCard story={story} lead={index === 0} topicId={story.topic ?? topicId} />
            </li>
          ))}
        </ol>
      )}
      {error ? <FailureNotice error={error} onRetry={more} /> : null}
      {feed.hasMore ? (
        <div className="load-more">
          <button type="button" className="button" onClick={more} disabled={busy}>
            {busy ? 'Loading…' : 'More stories'}
          </button>
        </div>
      ) : null}
    </>
  );
}

/**
 * Discover: the news of a topic, or For You (the topics the person follows), as stories clustered
 * across outlets with short cited summaries; follow a topic, or ask about a story.
 */
export function DiscoverPage({ topicId }: { topicId?: string }) {
  const [topics, setTopics] = useState<DiscoverTopic[] | null>(null);
  const [topicsError, setTopicsError] = useState<unknown>(null);
  const [followError, setFollowError] = useState<string | null>(null);
  const [following, setFollowing] = useState(false);
  const [customTopics, setCustomTopics] = useState<CustomTopic[]>([]);
  const [refreshes, setRefreshes] = useState(0);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<string | null>(null);

  const loadTopics = useCallback(() => {
    setTopicsError(null);
    discover.topics().then(
      (reply) => setTopics(reply.topics),
      (failure: unknown) => setTopicsError(failure),
    );
  }, []);
  useEffect(loadTopics, [loadTopics]);
  // The person's own topics are extra tabs; without them the page works as before.
  useEffect(() => {
    discover.customTopics().then(
      (reply) => setCustomTopics(reply.topics),
      () => setCustomTopics([]),
    );
  }, []);
  const customTopic = topicId ? customTopics.find((entry) => entry.id === topicId) : undefined;

  const refreshCustom = async (target: CustomTopic) => {
    setRefreshError(null);
    setRefreshing(true);
    try {
      await discover.refreshCustomTopic(target.id);
      setRefreshes((n) => n + 1);
    } catch (failure) {
      setRefreshError(describeError(failure));
    } finally {
      setRefreshing(false);
    }
  };

  const topic = topicId ? topics?.find((entry) => entry.id === topicId) : undefined;
  const followedIds = (topics ?? []).filter((entry) => entry.followed).map((entry) => entry.id);

  const toggleFollow = async (target: DiscoverTopic) => {
    setFollowError(null);
    setFollowing(true);
    try {
      if (target.followed) await discover.unfollow(target.id);
      else await discover.follow(target.id);
      setTopics((list) =>
        (list ?? []).map((entry) =>
          entry.id === target.id ? { ...entry, followed: !target.followed } : entry,
        ),
      );
    } catch (failure) {
      setFollowError(describeError(failure));
    } finally {
      setFollowing(false);
    }
  };

  const tabs = [{ href: '/discover', label: 'For you', current: !topicId }].concat(
    (topics ?? []).map((entry) => ({
      href: `/discover/${entry.id}`,
      label: entry.label,
      current: entry.id === topicId,
    })),
    customTopics.map((entry) => ({
      href: `/discover/${entry.id}`,
      label: entry.label,
      current: entry.id === topicId,
    })),
  );

  return (
    <div className="page page--wide discover">
      <h1>Discover</h1>
      <nav className="tabs" aria-label="Topics">
        {tabs.map((tab) => (
          <Link
            key={tab.href}
            href={tab.href}
            className={`tab${tab.current ? ' tab--current' : ''}`}
            aria-current={tab.current ? 'page' : undefined}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      {topicsError ? <FailureNotice error={topicsError} onRetry={loadTopics} /> : null}
      <DiscoverCustomTopics topics={customTopics} onChange={setCustomTopics} />
      {topicId && topics && !topic && !customTopic ? (
        <div className="notice notice--error" role="alert">
          There is no topic called “{topicId}”. Choose one of the topics above.
        </div>
      ) : null}
      {topic ? (
        <div className="discover__head">
          <p className="muted">The latest on {topic.label}, clustered across outlets.</p>
          <button
            type="button"
            className={`button${topic.followed ? '' : ' button--primary'}`}
            aria-pressed={topic.followed}
            disabled={following}
            onClick={() => toggleFollow(topic)}
          >
            {topic.followed ? `Following ${topic.label}` : `Follow ${topic.label}`}
          </button>
        </div>
      ) : null}
      {customTopic ? (
        <div className="discover__head">
          <p className="muted">Your topic {customTopic.label}: its feeds, keywords and sites.</p>
          <button
            type="button"
            className="button"
            disabled={refreshing}
            onClick={() => refreshCustom(customTopic)}
          >
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      ) : null}
      {refreshError ? (
        <p className="notice notice--error" role="alert">
          {refreshError}
        </p>
      ) : null}
      {!topicId && topics ? (
        <p className="muted discover__head">
          {followedIds.length > 0
            ? `Stories from the topics you follow: ${topics
                .filter((entry) => entry.followed)
                .map((entry) => entry.label)
                .join(', ')}.`
            : 'You follow no topics yet, so this shows the top stories. Open a topic and follow it to make this feed yours.'}
        </p>
      ) : null}
      {followError ? (
        <p className="notice notice--error" role="alert">
          {followError}
        </p>
      ) : null}
      {topic ? (
        <FeedView
          key={topic.id}
          feedKey={`topic:${topic.id}`}
          load={(page) => discover.feed(topic.id, page)}
          topicId={topic.id}
        />
      ) : null}
      {customTopic ? (
        <FeedView
          key={`${customTopic.id}:${customTopic.updatedAt}:${refreshes}`}
          feedKey={`custom:${customTopic.id}:${customTopic.updatedAt}:${refreshes}`}
          load={(page) => discover.customFeed(customTopic.id, page)}
          topicId={customTopic.id}
        />
      ) : null}
      {!topicId && topics ? (
        <FeedView feedKey={`for-you:${followedIds.join(',')}`} load={(page) => discover.forYou(page)} />
      ) : null}
    </div>
  );
}
