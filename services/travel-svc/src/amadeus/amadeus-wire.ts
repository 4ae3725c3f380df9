import { z } from 'zod';

/** Amadeus Self-Service bodies, as far as we read them (see their OpenAPI specifications). */

export const tokenAnswer = z.object({
  access_token: z.string().min(1),
  /** Seconds; Amadeus grants 1799. */
  expires_in: z.coerce.number().positive(),
});

/** `{errors: [{status, code, title, detail}]}` on every API, codes sometimes as strings. */
export const errorsAnswer = z.object({
  errors: z
    .array(
      z.object({
        status: z.coerce.number().optional(),
        code: z.coerce.number().optional(),
        title: z.string().optional(),
        detail: z.string().optional(),
      }),
    )
    .min(1),
});
export type AmadeusError = z.infer<typeof errorsAnswer>['errors'][number];

const numeric = z.union([z.number(), z.string()]).transform((value) => {
  const number = typeof value === 'number' ? value : Number.parseFloat(value);
  return Number.isFinite(number) ? number : null;
});

export const citiesAnswer = z.object({
  data: z
    .array(
      z.object({
        name: z.string(),
        iataCode: z.string().optional(),
        address: z.object({ countryCode: z.string().optional() }).partial().optional(),
      }),
    )
    .default([]),
});

export const hotelListAnswer = z.object({
  data: z.array(
    z.object({
      hotelId: z.string(),
      name: z.string(),
      iataCode: z.string().optional(),
      rating: numeric.nullish(),
      geoCode: z.object({ latitude: numeric.nullish(), longitude: numeric.nullish() }).partial().nullish(),
      address: z
        .object({
          lines: z.array(z.string()).optional(),
          postalCode: z.string().optional(),
          cityName: z.string().optional(),
          countryCode: z.string().optional(),
        })
        .partial()
        .nullish(),
    }),
  ),
});
export type ListedHotel = z.infer<typeof hotelListAnswer>['data'][number];

export const offersAnswer = z.object({
  data: z
    .array(
      z.object({
        available: z.boolean().optional(),
        hotel: z.object({ hotelId: z.string(), name: z.string().optional() }),
        offers: z
          .array(
            z.object({
              id: z.string().optional(),
              price: z.object({ currency: z.string(), total: numeric }),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});
export type HotelOffers = z.infer<typeof offersAnswer>['data'][number];
