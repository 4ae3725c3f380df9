import { useState } from 'react';
import { type Theme, themes, travel } from '../api/travel.ts';
import { sourceLabel } from '../lib/format.ts';
import { useRequest } from '../lib/use-request.ts';
import { RemoteImage } from './remote-image.tsx';
import { FailureNotice, isNotConfigured } from './setup-notice.tsx';

const themeNames: Record<Theme, string> = {
  city: 'Cities',
  beach: 'Beaches',
  nature: 'Nature',
  food: 'Food',
  culture: 'Culture',
  adventure: 'Adventure',
};

/** Destinations for the season by theme, each in a search result's own words; one can become the trip. */
export function InspirationCards({ onPick }: { onPick: (destination: string) => void }) {
  const [theme, setTheme] = useState<Theme>('city');
  const [ideas, retry] = useRequest(`inspiration:${theme}`, () => travel.inspiration(theme));
  return (
    <>
      <fieldset className="tabs">
        <legend className="visually-hidden">Theme</legend>
        {themes.map((value) => (
          <button
            key={value}
            type="button"
            className="tab"
            aria-pressed={value === theme}
            onClick={() => setTheme(value)}
          >
            {themeNames[value]}
          </button>
        ))}
      </fieldset>
      {ideas.status === 'failed' ? (
        isNotConfigured(ideas.error) ? (
          // The trip form above explains the setting at length; once is enough.
          <p className="muted">
            Ideas come from web search, which is not set up on this server (SEARXNG_URL).
          </p>
        ) : (
          <FailureNotice error={ideas.error} onRetry={retry} />
        )
      ) : null}
      {ideas.status === 'loading' ? <p className="muted">Finding ideas…</p> : null}
      {ideas.status === 'ok' ? (
        <ul className="ideas">
          {ideas.data.cards.map((card) => (
            <li key={card.destination} className="idea">
              {card.imageUrl ? (
                <RemoteImage
                  src={card.imageUrl}
                  alt=""
                  className="idea__image"
                  fallback={<span className="idea__image idea__image--none" />}
                />
              ) : (
                <span className="idea__image idea__image--none" />
              )}
              <div className="idea__body">
                <h3 className="idea__name">
                  {card.destination} <span className="muted">{card.country}</span>
                </h3>
                <p className="idea__blurb">
                  {card.blurb}{' '}
                  <a
                    href={card.source.url}
                    target="_blank"
                    rel="noopener noreferrer"
                    title={card.source.title}
                  >
                    {sourceLabel(card.source.url)}
                  </a>
                </p>
                <button
                  type="button"
                  className="button button--quiet idea__plan"
                  onClick={() => onPick(card.destination)}
                >
                  Plan a trip<span className="visually-hidden"> to {card.destination}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
