// The SSRF guard itself (guardedLookup, isPublicAddress) is @perplexica/net's, shared with
// notifications-svc; the operator's allow list is search-svc's own exception to it.

/** Whether config lets the reader reach this host:port even though it is private ("*" = anything). */
export function isExplicitlyAllowed(url: URL, allowList: string[]): boolean {
  if (allowList.includes('*')) return true;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowList.includes(`${url.hostname.toLowerCase()}:${port}`);
}
