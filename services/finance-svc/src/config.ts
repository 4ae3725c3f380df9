import { jwtEnv, kitEnv, positiveInt, redisEnv, serviceAuthEnv, urlWith } from '@perplexica/config';
import { z } from 'zod';
import { symbolSchema } from './symbols.ts';

/** The indices and tickers the finance page opens with; the refresh route keeps their quotes warm. */
export const DEFAULT_WARM_SYMBOLS = '^GSPC,^DJI,^IXIC,^RUT,^VIX,SPY,QQQ,AAPL,MSFT,NVDA,AMZN,GOOGL,META,TSLA';

const symbolList = z
  .string()
  .default(DEFAULT_WARM_SYMBOLS)
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(symbolSchema).max(100, 'at most 100 symbols'))
  // Upper-casing may make two entries the same symbol; warm each once.
  .transform((symbols) => [...new Set(symbols)]);

/** Every variable finance-svc reads, parsed once at boot (see README for each). */
export const financeConfigSchema = z.object({
  ...kitEnv(3003),
  ...redisEnv,
  ...serviceAuthEnv,
  ...jwtEnv,
  REDIS_KEY_PREFIX: z.string().default('perplexica:finance:'),
  /** Without it every data route answers 503 not_configured; the service still starts and is ready. */
  FMP_API_KEY: z.string().min(1).optional(),
  FMP_BASE_URL: urlWith('http', 'https').default('https://financialmodelingprep.com'),
  FMP_TIMEOUT_MS: positiveInt(8_000),
  FINANCE_WARM_SYMBOLS: symbolList,
});

export type FinanceConfig = z.infer<typeof financeConfigSchema>;
