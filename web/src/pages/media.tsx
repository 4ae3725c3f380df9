import { type FormEvent, useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import {
  type ImageResult,
  type MediaKind,
  media,
  type MediaPage as ResultPage,
  type SafeSearch,
  type VideoResult,
} from '../api/media.ts';
import { ImageTile, VideoCard } from '../components/media-tiles.tsx';
import { FailureNotice } from '../components/setup-notice.tsx';
import { useQueryParams } from '../lib/use-query-params.ts';
import '../styles/pages.css';
import '../styles/media.css';

type Results =
  | { kind: 'images'; pages: ResultPage<ImageResult>[] }
  | { kind: 'videos'; pages: ResultPage<VideoResult>[] };

const safeNames: Record<SafeSearch, string> = {
  moderate: 'Safe search: moderate',
  strict: 'Safe search: strict',
  off: 'Safe search: off',
};

/**
 * Images and videos for a query (media-svc), as tabs; the address holds the query and the tab, so
 * a search can be shared, reloaded and reached from an answer's "More images".
 */
export function MediaPage() {
  const params = useQueryParams();
  const [, navigate] = useLocation();
  const q = (params.get('q') ?? '').trim();
  const kind: MediaKind = params.get('kind') === 'videos' ? 'videos' : 'images';
  const safe: SafeSearch =
    (['strict', 'off'] as const).find((value) => value === params.get('safe')) ?? 'moderate';
  const [text, setText] = useState(q);
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const go = (next: { q?: string; kind?: MediaKind; safe?: SafeSearch }) => {
    const query = new URLSearchParams({ q: next.q ?? q, kind: next.kind ?? kind });
    if ((next.safe ?? safe) !== 'moderate') query.set('safe', next.safe ?? safe);
    navigate(`/media?${query}`);
  };

  useEffect(() => setText(q), [q]);

  // `attempt` changes when Retry is pressed.
  useEffect(() => {
    setResults(null);
    setError(null);
    if (!q) return;
    let current = true;
    setBusy(true);
    const load: Promise<Results> =
      kind === 'images'
        ? media.images(q, safe).then((page) => ({ kind: 'images', pages: [page] }))
        : media.videos(q, safe).then((page) => ({ kind: 'videos', pages: [page] }));
    load.then(
      (first) => {
        if (!current) return;
        setResults(first);
        setBusy(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure);
        setBusy(false);
      },
    );
    return () => {
      current = false;
    };
  }, [q, kind, safe, attempt]);

  const more = async () => {
    const last = results?.pages.at(-1);
    if (!results || !last?.nextPage || busy) return;
    setBusy(true);
    try {
      if (results.kind === 'images') {
        const page = await media.images(q, safe, last.nextPage);
        setResults({ kind: 'images', pages: [...results.pages, page] });
      } else {
        const page = await media.videos(q, safe, last.nextPage);
        setResults({ kind: 'videos', pages: [...results.pages, page] });
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) go({ q: text.trim() });
  };

  const count = results ? results.pages.reduce((sum, page) => sum + page.results.length, 0) : 0;
  const hasMore = Boolean(results?.pages.at(-1)?.nextPage);
  return (
    <div className="page page--wide media-page">
      <h1>Images &amp; videos</h1>
      <form className="media-search" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="media-q">
          Search images and videos
        </label>
        <input
          id="media-q"
          type="search"
          value={text}
          maxLength={300}
          placeholder="Search images and videos"
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={!text.trim()}>
          Search
        </button>
      </form>
      <div className="media-search__bar">
        <fieldset className="tabs">
          <legend className="visually-hidden">Show</legend>
          <button
            type="button"
            className="tab"
            aria-pressed={kind === 'images'}
            onClick={() => go({ kind: 'images' })}
          >
            Images
          </button>
          <button
            type="button"
            className="tab"
            aria-pressed={kind === 'videos'}
            onClick={() => go({ kind: 'videos' })}
          >
            Videos
          </button>
        </fieldset>
        <label className="picker">
          <span className="visually-hidden">Safe search</span>
          <select value={safe} onChange={(event) => go({ safe: event.target.value as SafeSearch })}>
            {(Object.keys(safeNames) as SafeSearch[]).map((value) => (
              <option key={value} value={value}>
                {safeNames[value]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!q ? <p className="muted">Search for something to see images and videos of it from the web.</p> : null}
      {error && count === 0 ? (
        <FailureNotice error={error} setup="search" onRetry={() => setAttempt((n) => n + 1)} />
      ) : null}
      {busy && count === 0 ? <p className="muted">Searching…</p> : null}
      {results && count === 0 ? (
        <p className="muted">
          No {kind} found for “{q}”.
        </p>
      ) : null}
      {results?.kind === 'images' && count > 0 ? (
        <ul className="media-grid media-grid--images" aria-label={`Images of ${q}`}>
          {results.pages
            .flatMap((page) => page.results.map((image) => ({ page: page.page, image })))
            .map(({ page, image }) => (
              <li key={`${page}:${image.imageUrl}`}>
                <ImageTile image={image} caption />
              </li>
            ))}
        </ul>
      ) : null}
      {results?.kind === 'videos' && count > 0 ? (
        <ul className="media-grid" aria-label={`Videos of ${q}`}>
          {results.pages
            .flatMap((page) => page.results.map((video) => ({ page: page.page, video })))
            .map(({ page, video }) => (
              <li key={`${page}:${video.pageUrl}`}>
                <VideoCard video={video} />
              </li>
            ))}
        </ul>
      ) : null}
      {error && count > 0 ? <FailureNotice error={error} onRetry={more} /> : null}
      {hasMore ? (
        <div className="load-more">
          <button type="button" className="button" onClick={more} disabled={busy}>
            {busy ? 'Loading…' : `More ${kind}`}
          </button>
        </div>
      ) : null}
    </div>
  );
}
