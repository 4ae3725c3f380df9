import { type FormEvent, useState } from 'react';
import { type Hotels, travel } from '../api/travel.ts';
import { describeFieldError } from '../lib/field-names.ts';
import { isNotConfigured, SetupNotice } from './setup-notice.tsx';

const fieldNames = { destination: 'City', checkIn: 'Check-in', checkOut: 'Check-out', adults: 'Guests' };

/** Rooms for a stay from Amadeus, cheapest first, each with a link out to book it. */
export function HotelSearch({
  destination,
  checkIn,
  checkOut,
}: {
  destination: string;
  checkIn: string;
  checkOut: string;
}) {
  const [fields, setFields] = useState({ destination, checkIn, checkOut, adults: 2 });
  const [found, setFound] = useState<Hotels | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<typeof fields>) => setFields((held) => ({ ...held, ...change }));

  const search = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setFound(await travel.hotels({ ...fields, destination: fields.destination.trim() }));
    } catch (failure) {
      setFound(null);
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const money = (amount: number, currency: string | null) =>
    currency
      ? new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(
          amount,
        )
      : amount.toFixed(0);

  return (
    <div className="hotel-search">
      <form className="inline-form" onSubmit={search}>
        <label className="field field--inline">
          <span>City</span>
          <input
            value={fields.destination}
            required
            placeholder="e.g. Lisbon or LIS"
            onChange={(event) => set({ destination: event.target.value })}
          />
        </label>
        <label className="field field--inline field--narrow">
          <span>Check-in</span>
          <input
            type="date"
            value={fields.checkIn}
            required
            onChange={(event) => set({ checkIn: event.target.value })}
          />
        </label>
        <label className="field field--inline field--narrow">
          <span>Check-out</span>
          <input
            type="date"
            value={fields.checkOut}
            required
            onChange={(event) => set({ checkOut: event.target.value })}
          />
        </label>
        <label className="field field--inline field--tiny">
          <span>Guests</span>
          <input
            type="number"
            min={1}
            max={9}
            value={fields.adults}
            onChange={(event) => set({ adults: Number(event.target.value) || 1 })}
          />
        </label>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || !fields.destination.trim()}
        >
          {busy ? 'Searching…' : 'Find hotels'}
        </button>
      </form>
      {error ? (
        isNotConfigured(error) ? (
          <SetupNotice kind="hotels" />
        ) : (
          <p className="notice notice--error" role="alert">
            {describeFieldError(error, fieldNames)}
          </p>
        )
      ) : null}
      {found ? (
        found.hotels.length === 0 ? (
          <p className="muted">No hotel in {found.destination} has a room for these dates.</p>
        ) : (
          <>
            <p className="muted">
              {found.hotels.length} hotel{found.hotels.length === 1 ? '' : 's'} in {found.destination} for{' '}
              {found.nights} night{found.nights === 1 ? '' : 's'}, {found.adults} guest
              {found.adults === 1 ? '' : 's'}. Prices are the total for the stay; the booking site shows the
              live price.
            </p>
            <ul className="hotels">
              {found.hotels.map((hotel) => (
                <li key={hotel.hotelId} className="hotel">
                  <div className="hotel__main">
                    <span className="hotel__name">{hotel.name}</span>
                    <span className="muted hotel__where">
                      {hotel.rating ? `${hotel.rating}-star` : ''}
                      {hotel.rating && hotel.address ? ' · ' : ''}
                      {hotel.address ?? ''}
                    </span>
                  </div>
                  <span className="hotel__price num">{money(hotel.price.amount, hotel.price.currency)}</span>
                  <a
                    className="button hotel__book"
                    href={hotel.bookingUrl}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    Book<span className="visually-hidden"> {hotel.name}</span> on {found.bookingSite}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )
      ) : null}
    </div>
  );
}
