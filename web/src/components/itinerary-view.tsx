import type { Itinerary, TimeOfDay } from '../api/travel.ts';
import { formatDate, sourceLabel } from '../lib/format.ts';
import { CitedText } from './cited-text.tsx';

const timeNames: Record<TimeOfDay, string> = {
  morning: 'Morning',
  afternoon: 'Afternoon',
  evening: 'Evening',
};

/** "12 – 14 May 2026" */
export function tripDates(start: string, end: string): string {
  if (start === end) return formatDate(start);
  const sameYear = start.slice(0, 4) === end.slice(0, 4);
  return `${formatDate(start, sameYear ? { year: undefined } : {})} – ${formatDate(end)}`;
}

/** A day-by-day plan: each slot cites the search results it is drawn from, listed at the end. */
export function ItineraryView({ itinerary }: { itinerary: Itinerary }) {
  const days = itinerary.days.length;
  return (
    <section className="itinerary panel" aria-labelledby="itinerary-title">
      <header className="itinerary__head">
        <h2 id="itinerary-title">
          {days} day{days === 1 ? '' : 's'} in {itinerary.destination}
        </h2>
        <p className="muted">
          {tripDates(itinerary.startDate, itinerary.endDate)} · {itinerary.pace} pace
          {itinerary.interests.length > 0 ? ` · ${itinerary.interests.join(', ')}` : ''}
          {itinerary.mode === 'extractive' ? (
            <>
              {' '}
              <span
                className="badge"
                title="No language model is configured: each slot is a search result, in its own words"
              >
                extractive
              </span>
            </>
          ) : null}
        </p>
      </header>
      {itinerary.notice ? <p className="notice notice--info">{itinerary.notice}</p> : null}
      <ol className="itinerary__days">
        {itinerary.days.map((day, index) => (
          <li key={day.date} className="itinerary__day">
            <h3>
              Day {index + 1}{' '}
              <span className="muted">· {formatDate(day.date, { weekday: 'long', year: undefined })}</span>
            </h3>
            {day.items.length === 0 ? (
              <p className="muted">Nothing planned: free time.</p>
            ) : (
              <ul className="itinerary__items">
                {day.items.map((item, itemIndex) => (
                  <li key={`${item.time}-${itemIndex}`} className="itinerary__item">
                    <span className="itinerary__time">{timeNames[item.time]}</span>
                    <div className="itinerary__what">
                      <strong>{item.title}</strong>
                      <p>
                        <CitedText text={item.description} sources={itinerary.sources} />
                      </p>
                      {item.place ? <span className="muted itinerary__place">{item.place}</span> : null}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {itinerary.sources.length > 0 ? (
        <>
          <h3 className="section-label">Sources</h3>
          <ol className="itinerary__sources">
            {itinerary.sources.map((source) => (
              <li key={source.n} value={source.n}>
                <a href={source.url} target="_blank" rel="noopener noreferrer">
                  {source.title}
                </a>{' '}
                <span className="muted">{sourceLabel(source.url)}</span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
