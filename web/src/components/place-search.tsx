import { type FormEvent, useState } from 'react';
import { type PlaceCategory, type PlaceSummary, placeCategories, travel } from '../api/travel.ts';
import { describeFieldError } from '../lib/field-names.ts';
import { formatDate } from '../lib/format.ts';
import { useRequest } from '../lib/use-request.ts';
import { RemoteImage } from './remote-image.tsx';
import { FailureNotice, isNotConfigured, SetupNotice } from './setup-notice.tsx';

const categoryNames: Record<PlaceCategory, string> = {
  attractions: 'Things to do',
  restaurants: 'Restaurants',
  hotels: 'Hotels',
  geos: 'Cities and regions',
};

/** "★★★★½" read aloud as "4.5 out of 5". */
function Stars({ rating }: { rating: number }) {
  const full = Math.floor(rating);
  const half = rating - full >= 0.5;
  return (
    <span className="stars" role="img" aria-label={`${rating} out of 5`}>
      {'★'.repeat(full)}
      {half ? '½' : ''}
    </span>
  );
}

/** One place from Tripadvisor: its details, photos and latest reviews, and the link back to it. */
function PlaceDetails({ id }: { id: string }) {
  const [details, retry] = useRequest(`place:${id}`, () => travel.place(id));
  const [reviews] = useRequest(`reviews:${id}`, () => travel.reviews(id));
  const [photos] = useRequest(`photos:${id}`, () => travel.photos(id));
  if (details.status === 'failed')
    return <FailureNotice error={details.error} setup="places" onRetry={retry} />;
  if (details.status !== 'ok') return <p className="muted">Loading the place…</p>;
  const place = details.data.location;
  return (
    <article className="place" aria-labelledby={`place-${place.id}`}>
      <h3 id={`place-${place.id}`} className="place__name">
        {place.name}
      </h3>
      <p className="place__meta">
        {place.rating !== null ? (
          <>
            <Stars rating={place.rating} /> <strong>{place.rating}</strong>
            {place.reviewCount !== null ? ` · ${place.reviewCount.toLocaleString()} reviews` : ''}
          </>
        ) : null}
        {place.ranking ? <span className="muted"> · {place.ranking}</span> : null}
        {place.priceLevel ? <span className="muted"> · {place.priceLevel}</span> : null}
      </p>
      {place.description ? <p>{place.description}</p> : null}
      {photos.status === 'ok' && photos.data.photos.length > 0 ? (
        <ul className="place__photos" aria-label="Photos">
          {photos.data.photos.slice(0, 6).map((photo) => (
            <li key={photo.id}>
              <a href={photo.url} target="_blank" rel="noopener noreferrer">
                <RemoteImage src={photo.url} alt={photo.caption ?? `Photo of ${place.name}`} />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <dl className="facts place__facts">
        {place.address ? (
          <div className="facts__row">
            <dt>Address</dt>
            <dd>{place.address}</dd>
          </div>
        ) : null}
        {place.cuisine.length > 0 ? (
          <div className="facts__row">
            <dt>Cuisine</dt>
            <dd>{place.cuisine.join(', ')}</dd>
          </div>
        ) : null}
        {place.hours.length > 0 ? (
          <div className="facts__row">
            <dt>Hours</dt>
            <dd>{place.hours.join('; ')}</dd>
          </div>
        ) : null}
        {place.phone ? (
          <div className="facts__row">
            <dt>Phone</dt>
            <dd>
              <a href={`tel:${place.phone.replace(/\s+/g, '')}`}>{place.phone}</a>
            </dd>
          </div>
        ) : null}
        {place.website ? (
          <div className="facts__row">
            <dt>Website</dt>
            <dd>
              <a href={place.website} target="_blank" rel="noopener noreferrer">
                {place.website.replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '')}
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
      {reviews.status === 'ok' && reviews.data.reviews.length > 0 ? (
        <>
          <h4 className="section-label">Latest reviews</h4>
          <ul className="reviews">
            {reviews.data.reviews.slice(0, 3).map((review) => (
              <li key={review.id} className="review">
                <p className="review__head">
                  {review.rating !== null ? <Stars rating={review.rating} /> : null}{' '}
                  <strong>{review.title ?? 'Review'}</strong>
                </p>
                {review.text ? <p className="review__text">{review.text}</p> : null}
                <p className="muted review__by">
                  {[
                    review.author.username,
                    review.author.location,
                    review.tripType,
                    review.publishedDate ? formatDate(review.publishedDate) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {place.tripadvisorUrl ? (
        <p className="place__attribution">
          <a href={place.tripadvisorUrl} target="_blank" rel="noopener noreferrer">
            See {place.name} on Tripadvisor
          </a>{' '}
          <span className="muted">· details, photos and reviews from Tripadvisor</span>
        </p>
      ) : null}
    </article>
  );
}

/** Places from Tripadvisor by name, one opened at a time with its details. */
export function PlaceSearch({ suggestion }: { suggestion: string }) {
  const [query, setQuery] = useState(suggestion);
  const [category, setCategory] = useState<PlaceCategory>('attractions');
  const [results, setResults] = useState<PlaceSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<string | null>(null);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setOpen(null);
    try {
      const reply = await travel.searchPlaces(query.trim(), category);
      setResults(reply.locations);
      if (reply.locations.length === 1) setOpen(reply.locations[0]?.id ?? null);
    } catch (failure) {
      setResults(null);
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="place-search">
      <form className="inline-form" onSubmit={search}>
        <label className="field field--inline">
          <span>Place or city</span>
          <input
            value={query}
            required
            minLength={2}
            maxLength={100}
            placeholder="e.g. Belem Tower, Lisbon"
            onChange={(event) => setQuery(event.target.value)}
          />
        </label>
        <label className="field field--inline field--narrow">
          <span>Kind</span>
          <select value={category} onChange={(event) => setCategory(event.target.value as PlaceCategory)}>
            {placeCategories.map((value) => (
              <option key={value} value={value}>
                {categoryNames[value]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--primary" disabled={busy || query.trim().length < 2}>
          {busy ? 'Searching…' : 'Find places'}
        </button>
      </form>
      {error ? (
        isNotConfigured(error) ? (
          <SetupNotice kind="places" />
        ) : (
          <p className="notice notice--error" role="alert">
            {describeFieldError(error, { query: 'Place or city', category: 'Kind' })}
          </p>
        )
      ) : null}
      {results && results.length === 0 ? (
        <p className="muted">Tripadvisor knows no place by that name.</p>
      ) : null}
      {results && results.length > 0 ? (
        <ul className="place-results">
          {results.map((place) => (
            <li key={place.id}>
              <button
                type="button"
                className={`place-result${open === place.id ? ' place-result--open' : ''}`}
                aria-expanded={open === place.id}
                onClick={() => setOpen(open === place.id ? null : place.id)}
              >
                <span className="place-result__name">{place.name}</span>
                <span className="muted place-result__where">
                  {place.address ?? [place.city, place.country].filter(Boolean).join(', ')}
                </span>
              </button>
              {open === place.id ? <PlaceDetails id={place.id} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
