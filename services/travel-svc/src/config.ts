import { jwtEnv, kitEnv, positiveInt, redisEnv, serviceAuthEnv, urlWith } from '@perplexica/config';
import { llmEnv } from '@perplexica/llm';
import { z } from 'zod';

/** Every variable travel-svc reads, parsed once at boot (see README for each). */
export const travelConfigSchema = z.object({
  ...kitEnv(3004),
  ...redisEnv,
  ...serviceAuthEnv,
  ...jwtEnv,
  REDIS_KEY_PREFIX: z.string().default('perplexica:travel:'),
  SEARCH_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3001'),
  SEARCH_TIMEOUT_MS: positiveInt(15_000),

  /** Writes itineraries when a provider is configured; otherwise they are built extractively. */
  ...llmEnv,

  /** Tripadvisor Content API; empty answers its routes with 503 not_configured. */
  TRIPADVISOR_API_KEY: z.string().default(''),
  TRIPADVISOR_BASE_URL: urlWith('http', 'https').default('https://api.content.tripadvisor.com/api/v1'),
  /** Sent as Referer, for keys restricted to a domain in Tripadvisor's developer portal. */
  TRIPADVISOR_REFERER: z.string().default(''),
  TRIPADVISOR_LANGUAGE: z.string().default('en'),

  /** Amadeus Self-Service hotel APIs; both empty answers /hotels with 503 not_configured. */
  AMADEUS_CLIENT_ID: z.string().default(''),
  AMADEUS_CLIENT_SECRET: z.string().default(''),
  AMADEUS_BASE_URL: urlWith('http', 'https').default('https://test.api.amadeus.com'),
  /** Currency asked of Amadeus for prices (a hotel may still answer in its own). */
  HOTEL_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
    .default('EUR'),
  /** Hotels of a city whose offers are looked up (Amadeus takes at most 20 per call). */
  HOTELS_PER_SEARCH: z.coerce.number().int().min(1).max(20).default(20),

  /** Time a provider call (Tripadvisor, Amadeus) may take before it is a 504. */
  PROVIDER_TIMEOUT_MS: positiveInt(10_000),
});

export type TravelConfig = z.infer<typeof travelConfigSchema>;
