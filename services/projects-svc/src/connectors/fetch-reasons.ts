/** search-svc's short fetch failure reasons, as a sentence a member of the space understands. */
export function describeFetchFailure(reason: string): string {
  const status = /^status_(\d+)$/.exec(reason)?.[1];
  if (status) return `the source answered HTTP ${status}`;
  switch (reason) {
    case 'private_address':
      return 'the address is private or internal, and may not be fetched';
    case 'not_html':
      return 'it is not a web page';
    case 'not_text':
      return 'it is not a web page, sitemap, feed or text document';
    case 'too_large':
      return 'it is larger than the size limit';
    case 'timeout':
      return 'the source did not answer in time';
    case 'network_error':
      return 'the source could not be reached';
    case 'too_many_redirects':
      return 'the source redirected too many times';
    case 'bad_url':
      return 'the URL is not a valid http(s) URL';
    default:
      return reason;
  }
}
