import { type FormEvent, useRef, useState } from 'react';
import { type Itinerary, type Pace, travel } from '../api/travel.ts';
import { HotelSearch } from '../components/hotel-search.tsx';
import { InspirationCards } from '../components/inspiration-cards.tsx';
import { ItineraryView } from '../components/itinerary-view.tsx';
import { PlaceSearch } from '../components/place-search.tsx';
import { isNotConfigured, SetupNotice } from '../components/setup-notice.tsx';
import { describeFieldError } from '../lib/field-names.ts';
import '../styles/pages.css';
import '../styles/travel.css';

/** A day from today as YYYY-MM-DD, in the person's own time zone. */
function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

const fieldNames = {
  destination: 'Destination',
  startDate: 'Start date',
  endDate: 'End date',
  interests: 'Interests',
  pace: 'Pace',
};

/**
 * Travel: a day-by-day plan for a destination and dates (cited), ideas for the season, places from
 * Tripadvisor and hotel prices from Amadeus. Each part says so when its provider is not set up.
 */
export function TravelPage() {
  const [trip, setTrip] = useState({
    destination: '',
    startDate: dayFromToday(14),
    endDate: dayFromToday(16),
    pace: 'moderate' as Pace,
    interests: '',
  });
  const [plan, setPlan] = useState<Itinerary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [planning, setPlanning] = useState(false);
  const destinationInput = useRef<HTMLInputElement>(null);
  const set = (change: Partial<typeof trip>) => setTrip((held) => ({ ...held, ...change }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPlanning(true);
    setError(null);
    try {
      const interests = trip.interests
        .split(',')
        .map((interest) => interest.trim())
        .filter(Boolean);
      setPlan(
        await travel.plan({
          destination: trip.destination.trim(),
          startDate: trip.startDate,
          endDate: trip.endDate,
          pace: trip.pace,
          interests,
        }),
      );
    } catch (failure) {
      setPlan(null);
      setError(failure);
    } finally {
      setPlanning(false);
    }
  };

  const pick = (destination: string) => {
    set({ destination });
    destinationInput.current?.focus();
    destinationInput.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  };

  return (
    <div className="page page--wide travel">
      <h1>Travel</h1>
      <section className="panel trip-form" aria-labelledby="plan-trip">
        <h2 id="plan-trip">Plan a trip</h2>
        <form onSubmit={submit}>
          <div className="field-row">
            <label className="field">
              <span>Destination</span>
              <input
                ref={destinationInput}
                value={trip.destination}
                required
                maxLength={100}
                placeholder="e.g. Lisbon, Portugal"
                onChange={(event) => set({ destination: event.target.value })}
              />
            </label>
            <label className="field field--narrow">
              <span>Start date</span>
              <input
                type="date"
                value={trip.startDate}
                required
                onChange={(event) => set({ startDate: event.target.value })}
              />
            </label>
            <label className="field field--narrow">
              <span>End date</span>
              <input
                type="date"
                value={trip.endDate}
                required
                onChange={(event) => set({ endDate: event.target.value })}
              />
            </label>
          </div>
          <div className="field-row">
            <label className="field">
              <span>Interests (optional, separated by commas)</span>
              <input
                value={trip.interests}
                placeholder="e.g. museums, seafood, hiking"
                onChange={(event) => set({ interests: event.target.value })}
              />
            </label>
            <label className="field field--narrow">
              <span>Pace</span>
              <select value={trip.pace} onChange={(event) => set({ pace: event.target.value as Pace })}>
                <option value="relaxed">Relaxed</option>
                <option value="moderate">Moderate</option>
                <option value="packed">Packed</option>
              </select>
            </label>
          </div>
          <button
            type="submit"
            className="button button--primary"
            disabled={planning || !trip.destination.trim()}
          >
            {planning ? 'Planning…' : 'Plan my trip'}
          </button>
          {planning ? (
            <span className="muted trip-form__wait" role="status">
              {' '}
              Searching the web for {trip.destination.trim()}; this can take a few seconds.
            </span>
          ) : null}
        </form>
        {error ? (
          isNotConfigured(error) ? (
            <SetupNotice kind="search" detail={describeFieldError(error, fieldNames)} />
          ) : (
            <p className="notice notice--error" role="alert">
              {describeFieldError(error, fieldNames)}
            </p>
          )
        ) : null}
      </section>

      {plan ? <ItineraryView itinerary={plan} /> : null}

      <div className="section-head">
        <h2>Ideas for this season</h2>
      </div>
      <InspirationCards onPick={pick} />

      <div className="section-head">
        <h2>Places</h2>
        <span className="muted">from Tripadvisor</span>
      </div>
      <PlaceSearch key={`places:${plan?.destination ?? ''}`} suggestion={plan?.destination ?? ''} />

      <div className="section-head">
        <h2>Hotels</h2>
        <span className="muted">prices from Amadeus</span>
      </div>
      <HotelSearch
        key={`hotels:${plan ? `${plan.destination}/${plan.startDate}/${plan.endDate}` : ''}`}
        destination={plan?.destination ?? ''}
        checkIn={plan?.startDate ?? trip.startDate}
        checkOut={plan?.endDate ?? trip.endDate}
      />
    </div>
  );
}
