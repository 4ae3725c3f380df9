// Parameters that only say where a click came from: links differing only in these are one article.
const tracking =
  /^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_eid|mc_cid|ocid|cmpid|smid|taid|ref|ref_src|src|guccounter)$/i;

/**
 * The key under which two links count as the same article: scheme dropped (http and https copies
 * are one page), host lower-cased without "www.", no fragment, no tracking parameters, the rest of
 * the query sorted, no trailing slash. Never shown to users.
 */
export function canonicalUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return url.trim();
  }
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const port = parsed.port ? `:${parsed.port}` : '';
  const params = [...parsed.searchParams.entries()]
    .filter(([name]) => !tracking.test(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${host}${port}${path}${query}`;
}
