import { z } from 'zod';
import { bareDomain } from '../pipeline/credibility.ts';

/** A DNS hostname of at least two labels (punycode for non-ASCII names), as the list keys it. */
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

export const domainName = z
  .string()
  .transform((value) => bareDomain(value.trim()))
  .pipe(z.string().regex(HOSTNAME, 'must be a domain name such as "example.org" (no scheme or path)'));
