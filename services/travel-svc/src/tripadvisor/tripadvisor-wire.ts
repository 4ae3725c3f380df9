import { z } from 'zod';

/**
 * The Tripadvisor Content API's bodies, as far as we read them. The API writes most numbers as
 * strings ("4.5", "1200") and some ids as numbers; both are accepted. Unknown fields are ignored,
 * and a missing optional field is simply absent from what we serve.
 */
const text = z.string();
const numeric = z.union([z.number(), z.string()]).transform((value) => {
  const number = typeof value === 'number' ? value : Number.parseFloat(value);
  return Number.isFinite(number) ? number : null;
});
const id = z.union([z.string(), z.number()]).transform(String);
const named = z.object({ name: text.optional(), localized_name: text.optional() });

export const addressObj = z
  .object({
    street1: text.nullish(),
    city: text.nullish(),
    state: text.nullish(),
    country: text.nullish(),
    postalcode: text.nullish(),
    address_string: text.nullish(),
  })
  .partial();

export const searchAnswer = z.object({
  data: z.array(z.object({ location_id: id, name: text, address_obj: addressObj.nullish() })),
});

export const detailsAnswer = z.object({
  location_id: id,
  name: text,
  description: text.nullish(),
  web_url: text.nullish(),
  address_obj: addressObj.nullish(),
  latitude: numeric.nullish(),
  longitude: numeric.nullish(),
  timezone: text.nullish(),
  phone: text.nullish(),
  website: text.nullish(),
  ranking_data: z.object({ ranking_string: text.nullish() }).nullish(),
  rating: numeric.nullish(),
  rating_image_url: text.nullish(),
  num_reviews: numeric.nullish(),
  photo_count: numeric.nullish(),
  price_level: text.nullish(),
  hours: z.object({ weekday_text: z.array(text).nullish() }).nullish(),
  cuisine: z.array(named).nullish(),
  category: named.nullish(),
  subcategory: z.array(named).nullish(),
});

export const reviewsAnswer = z.object({
  data: z.array(
    z.object({
      id,
      title: text.nullish(),
      text: text.nullish(),
      rating: numeric.nullish(),
      published_date: text.nullish(),
      travel_date: text.nullish(),
      trip_type: text.nullish(),
      url: text.nullish(),
      lang: text.nullish(),
      user: z
        .object({
          username: text.nullish(),
          user_location: z.object({ name: text.nullish() }).nullish(),
        })
        .nullish(),
    }),
  ),
});

const image = z.object({ url: text, width: numeric.nullish(), height: numeric.nullish() });

export const photosAnswer = z.object({
  data: z.array(
    z.object({
      id,
      caption: text.nullish(),
      published_date: text.nullish(),
      images: z
        .object({
          thumbnail: image.nullish(),
          small: image.nullish(),
          medium: image.nullish(),
          large: image.nullish(),
          original: image.nullish(),
        })
        .partial(),
      source: named.nullish(),
    }),
  ),
});

export type AddressObj = z.infer<typeof addressObj>;
export type SearchAnswer = z.infer<typeof searchAnswer>;
export type DetailsAnswer = z.infer<typeof detailsAnswer>;
export type ReviewsAnswer = z.infer<typeof reviewsAnswer>;
export type PhotosAnswer = z.infer<typeof photosAnswer>;
