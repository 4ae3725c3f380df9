import { ApiError, type ErrorCode } from '@perplexica/errors';
import type { FetchFailure } from '../fetch/page-reader.ts';

const refusals: Record<string, { code: ErrorCode; says: string }> = {
  private_address: {
    code: 'forbidden',
    says: 'it resolves to a private, loopback, link-local or reserved address',
  },
  not_text: {
    code: 'unsupported_media_type',
    says: 'it is not HTML, XML, an RSS or Atom feed, or plain text',
  },
  too_large: { code: 'payload_too_large', says: 'it is larger than the byte limit' },
  timeout: { code: 'gateway_timeout', says: 'it did not answer in time' },
  bad_url: { code: 'validation_failed', says: 'it is not an http(s) URL' },
  network_error: { code: 'bad_gateway', says: 'it could not be reached' },
  too_many_redirects: { code: 'bad_gateway', says: 'it redirected too many times' },
};

/**
 * A raw fetch that failed, as the one error shape: the status says what kind of refusal it is,
 * `details.reason` is the same short reason /fetch reports (private_address, not_text, too_large,
 * timeout, status_404, …), so a caller tells "the source said no" from "search-svc is down".
 */
export function fetchRefusal(failure: FetchFailure): ApiError {
  const known = refusals[failure.reason];
  const status = /^status_(\d+)$/.exec(failure.reason)?.[1];
  const code = known?.code ?? 'bad_gateway';
  const says = known?.says ?? (status ? `it answered HTTP ${status}` : failure.reason);
  return new ApiError(code, `Could not fetch ${failure.url}: ${says}`, {
    details: { url: failure.url, reason: failure.reason },
  });
}
