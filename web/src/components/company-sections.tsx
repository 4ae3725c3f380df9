import { useState } from 'react';
import { Link } from 'wouter';
import type { EtfHoldings, Filings, Profile, Ratings } from '../api/finance.ts';
import { formatDate } from '../lib/format.ts';
import { formatCompact, formatPrice } from '../lib/market-format.ts';
import { quoteHref } from './ticker-box.tsx';

/** The company (or fund) card: what it does and the facts around it. */
export function ProfileSection({ profile }: { profile: Profile }) {
  const [whole, setWhole] = useState(false);
  const facts: Array<[string, string | null]> = [
    ['Sector', profile.sector],
    ['Industry', profile.industry],
    ['Chief executive', profile.ceo],
    ['Employees', profile.employees === null ? null : profile.employees.toLocaleString()],
    ['Country', profile.country],
    ['Listed since', profile.ipoDate ? formatDate(profile.ipoDate) : null],
    ['Beta', profile.beta === null ? null : profile.beta.toFixed(2)],
  ];
  const description = profile.description ?? '';
  const long = description.length > 420;
  return (
    <section className="panel" aria-labelledby="about">
      <h2 id="about">About {profile.name ?? profile.symbol}</h2>
      {description ? (
        <p className="company__description">
          {long && !whole ? `${description.slice(0, 400).replace(/\s+\S*$/, '')}… ` : `${description} `}
          {long ? (
            <button
              type="button"
              className="link-button"
              onClick={() => setWhole(!whole)}
              aria-expanded={whole}
            >
              {whole ? 'Show less' : 'Read more'}
            </button>
          ) : null}
        </p>
      ) : null}
      <dl className="facts">
        {facts
          .filter((fact): fact is [string, string] => Boolean(fact[1]))
          .map(([name, value]) => (
            <div key={name} className="facts__row">
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        {profile.website ? (
          <div className="facts__row">
            <dt>Website</dt>
            <dd>
              <a href={profile.website} target="_blank" rel="noopener noreferrer">
                {profile.website.replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '')}
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

const gradeBands = [
  ['strongBuy', 'Strong buy'],
  ['buy', 'Buy'],
  ['hold', 'Hold'],
  ['sell', 'Sell'],
  ['strongSell', 'Strong sell'],
] as const;

/** Analysts' consensus as a bar of counts, the price-target range against today's price, recent grades. */
export function RatingsSection({ ratings, price }: { ratings: Ratings; price: number | null }) {
  const { consensus, priceTarget } = ratings;
  if (!consensus && !priceTarget && ratings.recentGrades.length === 0) return null;
  const total = consensus ? gradeBands.reduce((sum, [key]) => sum + consensus[key], 0) : 0;
  const low = priceTarget?.low ?? null;
  const high = priceTarget?.high ?? null;
  const place = (value: number | null) =>
    value === null || low === null || high === null || high === low
      ? null
      : `${Math.min(100, Math.max(0, ((value - low) / (high - low)) * 100))}%`;
  return (
    <section className="panel" aria-labelledby="analysts">
      <h2 id="analysts">Analyst ratings</h2>
      {consensus && total > 0 ? (
        <>
          <p>
            Consensus: <strong>{consensus.rating ?? 'none'}</strong>{' '}
            <span className="muted">
              from {consensus.analysts || total} analyst{(consensus.analysts || total) === 1 ? '' : 's'}
            </span>
          </p>
          <div className="rating-bar" aria-hidden="true">
            {gradeBands.map(([key]) =>
              consensus[key] > 0 ? (
                <span
                  key={key}
                  className={`rating-bar__part rating-bar__part--${key}`}
                  style={{ flexGrow: consensus[key] }}
                />
              ) : null,
            )}
          </div>
          <ul className="rating-legend">
            {gradeBands.map(([key, label]) => (
              <li key={key}>
                <span className={`rating-legend__dot rating-bar__part--${key}`} aria-hidden="true" />
                {label} <strong className="num">{consensus[key]}</strong>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {priceTarget && low !== null && high !== null ? (
        <div className="target">
          <h3 className="section-label">Price target</h3>
          <div className="target__scale" aria-hidden="true">
            {place(priceTarget.average) ? (
              <span
                className="target__mark target__mark--average"
                style={{ left: place(priceTarget.average) ?? '0' }}
              />
            ) : null}
            {place(price) ? (
              <span className="target__mark target__mark--price" style={{ left: place(price) ?? '0' }} />
            ) : null}
          </div>
          <dl className="target__figures">
            <div>
              <dt>Low</dt>
              <dd className="num">{formatPrice(low)}</dd>
            </div>
            <div>
              <dt>Average</dt>
              <dd className="num">{formatPrice(priceTarget.average)}</dd>
            </div>
            <div>
              <dt>High</dt>
              <dd className="num">{formatPrice(high)}</dd>
            </div>
            <div>
              <dt>Price now</dt>
              <dd className="num">{formatPrice(price)}</dd>
            </div>
          </dl>
        </div>
      ) : null}
      {ratings.recentGrades.length > 0 ? (
        <>
          <h3 className="section-label">Recent changes</h3>
          <div className="table-scroll">
            <table className="data-table grades">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Firm</th>
                  <th scope="col">Grade</th>
                </tr>
              </thead>
              <tbody>
                {ratings.recentGrades.slice(0, 8).map((grade) => (
                  <tr key={`${grade.date}-${grade.firm}`}>
                    <td>{formatDate(grade.date)}</td>
                    <td>{grade.firm}</td>
                    <td>
                      {grade.previousGrade && grade.previousGrade !== grade.newGrade
                        ? `${grade.previousGrade} → ${grade.newGrade ?? '—'}`
                        : (grade.newGrade ?? '—')}
                      {grade.action ? <span className="muted"> ({grade.action})</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

/** What the common SEC forms are, for people who do not read form numbers. */
const formNames: Record<string, string> = {
  '10-K': 'Annual report',
  '10-Q': 'Quarterly report',
  '8-K': 'Current report',
  '4': 'Insider transaction',
  '3': 'Insider holdings',
  'DEF 14A': 'Proxy statement',
  'S-1': 'Registration',
  'S-3': 'Registration',
  '13F-HR': 'Institutional holdings',
  'SC 13G': 'Large shareholder',
  'SC 13G/A': 'Large shareholder',
  '144': 'Planned sale',
  'N-CSR': 'Fund report',
};

/** SEC filings of the last six months, newest first, each opening on EDGAR. */
export function FilingsSection({ filings }: { filings: Filings }) {
  const [all, setAll] = useState(false);
  if (filings.filings.length === 0) return null;
  const shown = all ? filings.filings : filings.filings.slice(0, 8);
  return (
    <section className="panel" aria-labelledby="filings">
      <h2 id="filings">SEC filings</h2>
      <ul className="filings">
        {shown.map((filing, index) => {
          const href = filing.url ?? filing.indexUrl;
          const name = formNames[filing.formType] ?? 'Filing';
          return (
            <li key={`${filing.formType}-${filing.filedAt}-${index}`} className="filing">
              <span className="filing__date muted num">
                {filing.filedAt ? formatDate(filing.filedAt) : '—'}
              </span>
              <span className="filing__form">{filing.formType}</span>
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer">
                  {name}
                </a>
              ) : (
                <span>{name}</span>
              )}
            </li>
          );
        })}
      </ul>
      {filings.filings.length > 8 ? (
        <button type="button" className="link-button" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${filings.filings.length}`}
        </button>
      ) : null}
    </section>
  );
}

/** What a fund holds, largest weight first. */
export function HoldingsSection({ holdings }: { holdings: EtfHoldings }) {
  const [all, setAll] = useState(false);
  if (holdings.holdings.length === 0) return null;
  const shown = all ? holdings.holdings : holdings.holdings.slice(0, 10);
  return (
    <section className="panel" aria-labelledby="holdings">
      <h2 id="holdings">Top holdings</h2>
      <p className="muted">
        {holdings.total} holding{holdings.total === 1 ? '' : 's'}
        {holdings.updatedAt ? `, as of ${formatDate(holdings.updatedAt)}` : ''}
      </p>
      <div className="table-scroll">
        <table className="data-table holdings">
          <thead>
            <tr>
              <th scope="col">Holding</th>
              <th scope="col" className="num">
                Weight
              </th>
              <th scope="col" className="num">
                Value
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((holding, index) => (
              <tr key={`${holding.symbol ?? holding.name}-${index}`}>
                <td>
                  {holding.symbol ? (
                    <Link href={quoteHref(holding.symbol)}>
                      <strong>{holding.symbol}</strong>
                    </Link>
                  ) : null}{' '}
                  <span className="muted">{holding.name ?? ''}</span>
                </td>
                <td className="num">
                  {holding.weightPercent === null ? '—' : `${holding.weightPercent.toFixed(2)}%`}
                </td>
                <td className="num">{formatCompact(holding.marketValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {holdings.holdings.length > 10 ? (
        <button type="button" className="link-button" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${holdings.holdings.length}`}
        </button>
      ) : null}
    </section>
  );
}
