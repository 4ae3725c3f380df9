import { z } from 'zod';

/**
 * A ticker as FMP spells it: upper case letters and digits, with "." and "-" for share classes
 * (BRK.B, BRK-B) and a leading "^" for indices (^GSPC). Input is upper-cased first, so "aapl"
 * works; at least one letter or digit, so "..." or "^" alone are refused before FMP sees them.
 */
export const symbolSchema = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(
    z
      .string()
      .regex(
        /^[A-Z0-9.^-]{1,12}$/,
        'must be 1..12 letters, digits, ".", "-" or "^" (e.g. AAPL, BRK.B, ^GSPC)',
      )
      .regex(/[A-Z0-9]/, 'must contain a letter or digit'),
  );
