import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';
import { isSymbol } from '../api/finance.ts';

/** Where a ticker's page is: `^GSPC` is written `%5EGSPC` in the address. */
export const quoteHref = (symbol: string) => `/finance/${encodeURIComponent(symbol.toUpperCase())}`;

/** A box to open a ticker's page; a symbol that cannot be one is explained before anything is asked. */
export function TickerBox() {
  const [, navigate] = useLocation();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const open = (event: FormEvent) => {
    event.preventDefault();
    const symbol = text.trim().toUpperCase();
    if (!isSymbol(symbol)) {
      setProblem(
        'A ticker is 1 to 12 letters or digits, with ".", "-" or "^" if it has them: AAPL, BRK-B, ^GSPC.',
      );
      return;
    }
    setProblem(null);
    navigate(quoteHref(symbol));
  };
  return (
    <form className="ticker-box" onSubmit={open}>
      <label className="visually-hidden" htmlFor="ticker">
        Ticker symbol
      </label>
      <input
        id="ticker"
        value={text}
        placeholder="Ticker, e.g. AAPL or ^GSPC"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={12}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'ticker-problem' : undefined}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="button button--primary" disabled={!text.trim()}>
        Open
      </button>
      {problem ? (
        <p id="ticker-problem" className="ticker-box__problem" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
