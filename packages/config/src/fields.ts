import { z } from 'zod';

/** Reusable field parsers for env schemas. Every value arrives as a string. */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const flag = (fallback: boolean) => z.stringbool().default(fallback);

/** A comma-separated list: "a, b,c" -> ["a","b","c"]. */
export const list = () =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

/** A URL with one of the given schemes. */
export const urlWith = (...schemes: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(':', ''));
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}` },
  );

/**
 * A PEM block. Secrets injected through env often carry literal "\n" sequences instead of
 * newlines; both forms are accepted.
 */
export const pem = (kind: 'PUBLIC KEY' | 'PRIVATE KEY') =>
  z
    .string()
    .transform((value) => value.replace(/\\n/g, '\n').trim())
    .refine((value) => value.includes(`-----BEGIN ${kind}-----`), {
      message: `must be a PEM block starting with -----BEGIN ${kind}-----`,
    });
