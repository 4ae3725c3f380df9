/**
 * Where "Book" takes the user: a Booking.com search for the hotel by name (and city), with the
 * stay's dates and guests filled in. We sell nothing ourselves and Amadeus' test environment has
 * no public booking page, so a search on a booking site the user already knows is the honest
 * link: it lands on the hotel (usually the first hit) with live prices, which may differ from
 * the Amadeus price we showed. No affiliate id is added.
 */
export function bookingSearchUrl(stay: {
  hotelName: string;
  cityName: string | null;
  checkIn: string;
  checkOut: string;
  adults: number;
}): string {
  const url = new URL('https://www.booking.com/searchresults.html');
  url.searchParams.set('ss', stay.cityName ? `${stay.hotelName}, ${stay.cityName}` : stay.hotelName);
  url.searchParams.set('checkin', stay.checkIn);
  url.searchParams.set('checkout', stay.checkOut);
  url.searchParams.set('group_adults', String(stay.adults));
  url.searchParams.set('no_rooms', '1');
  url.searchParams.set('group_children', '0');
  return url.toString();
}
