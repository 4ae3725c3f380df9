import { type Season, seasons, type Theme, themes } from '../wire-schemas.ts';

/** The season of `now` by the calendar (meteorological, northern names): winter is Dec-Feb. */
export function seasonAt(now: number): Season {
  const month = new Date(now).getUTCMonth();
  return (
    [
      'winter',
      'winter',
      'spring',
      'spring',
      'spring',
      'summer',
      'summer',
      'summer',
      'autumn',
      'autumn',
      'autumn',
      'winter',
    ] as const
  )[month] as Season;
}

export const inspirationKey = (season: Season, theme: Theme) => `inspiration:${season}:${theme}`;

/** Every key the refresh rebuilds: 4 seasons × 6 themes. */
export const allInspirationKeys = (): { season: Season; theme: Theme; key: string }[] =>
  seasons.flatMap((season) => themes.map((theme) => ({ season, theme, key: inspirationKey(season, theme) })));
