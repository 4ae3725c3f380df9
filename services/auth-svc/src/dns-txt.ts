import { Resolver } from 'node:dns/promises';

export type TxtLookup = (name: string) => Promise<string[]>;

/**
 * TXT lookups through the given resolvers ("host:port"), or the system's when none are given.
 * Records split into several strings are joined, as DNS allows a long value to be chunked.
 */
export function createTxtLookup(servers: readonly string[]): TxtLookup {
  const resolver = new Resolver({ timeout: 3_000, tries: 2 });
  if (servers.length > 0) resolver.setServers([...servers]);
  return async (name) => {
    try {
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
      throw error;
    }
  };
}
