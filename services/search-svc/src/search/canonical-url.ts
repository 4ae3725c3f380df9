import normalizeUrl from 'normalize-url';

// Parameters that only say where a click came from: two links differing only in these are the same page.
const trackingParameters = [/^utm_\w+/i, /^fbclid$/i, /^gclid$/i, /^dclid$/i, /^msclkid$/i, /^mc_eid$/i];

/**
 * The key under which two results count as the same page: lower-case host without "www.",
 * no tracking parameters, no fragment, no trailing slash, sorted query. Not shown to users.
 * normalize-url does this carefully (IDN hosts, default ports, encoded paths) so we do not.
 */
export function canonicalUrl(url: string): string {
  try {
    return normalizeUrl(url, {
      stripWWW: true,
      stripHash: true,
      removeTrailingSlash: true,
      removeSingleSlash: true,
      removeQueryParameters: trackingParameters,
      sortQueryParameters: true,
      removeDirectoryIndex: false,
    });
  } catch {
    // Not a URL normalize-url understands (e.g. file://…): it is its own key.
    return url.trim();
  }
}
