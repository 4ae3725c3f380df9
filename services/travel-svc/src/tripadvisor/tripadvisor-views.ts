import type {
  AddressObj,
  DetailsAnswer,
  PhotosAnswer,
  ReviewsAnswer,
  SearchAnswer,
} from './tripadvisor-wire.ts';

/** What we serve of Tripadvisor: camelCase, nulls for what it did not say, no nested wire objects. */

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

function addressOf(address: AddressObj | null | undefined) {
  return {
    address: orNull(address?.address_string),
    city: orNull(address?.city),
    country: orNull(address?.country),
  };
}

export function locationListView(answer: SearchAnswer) {
  return answer.data.map((location) => ({
    id: location.location_id,
    name: location.name,
    ...addressOf(location.address_obj),
  }));
}

export function locationView(details: DetailsAnswer) {
  return {
    id: details.location_id,
    name: details.name,
    description: orNull(details.description),
    category: orNull(details.category?.name),
    subcategories: (details.subcategory ?? []).flatMap((entry) => (entry.name ? [entry.name] : [])),
    ...addressOf(details.address_obj),
    latitude: orNull(details.latitude),
    longitude: orNull(details.longitude),
    timezone: orNull(details.timezone),
    rating: orNull(details.rating),
    ratingImageUrl: orNull(details.rating_image_url),
    reviewCount: orNull(details.num_reviews),
    ranking: orNull(details.ranking_data?.ranking_string) || null,
    priceLevel: orNull(details.price_level),
    cuisine: (details.cuisine ?? []).flatMap((entry) => {
      const name = entry.localized_name ?? entry.name;
      return name ? [name] : [];
    }),
    hours: details.hours?.weekday_text ?? [],
    phone: orNull(details.phone),
    website: orNull(details.website),
    photoCount: orNull(details.photo_count),
    /** The listing on Tripadvisor: its terms ask that content links back to it. */
    tripadvisorUrl: orNull(details.web_url),
  };
}

export function reviewListView(answer: ReviewsAnswer) {
  return answer.data.map((review) => ({
    id: review.id,
    title: orNull(review.title),
    text: orNull(review.text),
    rating: orNull(review.rating),
    language: orNull(review.lang),
    publishedDate: orNull(review.published_date),
    travelDate: orNull(review.travel_date),
    tripType: orNull(review.trip_type),
    url: orNull(review.url),
    author: {
      username: orNull(review.user?.username),
      location: orNull(review.user?.user_location?.name),
    },
  }));
}

export function photoListView(answer: PhotosAnswer) {
  return answer.data.flatMap((photo) => {
    const { images } = photo;
    const best = images.original ?? images.large ?? images.medium ?? images.small ?? images.thumbnail;
    if (!best) return [];
    const thumbnail = images.thumbnail ?? images.small ?? best;
    return [
      {
        id: photo.id,
        caption: orNull(photo.caption) || null,
        publishedDate: orNull(photo.published_date),
        url: best.url,
        width: orNull(best.width),
        height: orNull(best.height),
        thumbnailUrl: thumbnail.url,
        source: orNull(photo.source?.localized_name ?? photo.source?.name),
      },
    ];
  });
}
