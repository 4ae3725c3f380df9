import { sql } from 'kysely';

/**
 * A jsonb value from JSON text. The explicit ::text makes Postgres ask for text, so postgres.js
 * sends the string as is (for a jsonb parameter it would JSON-encode the string a second time).
 */
export const jsonb = (value: unknown) => sql<string>`cast(${JSON.stringify(value)}::text as jsonb)`;
