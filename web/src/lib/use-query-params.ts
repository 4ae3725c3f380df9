import { useSearch } from 'wouter';

/**
 * The address's query parameters, re-read when they change. Parsed from `location.search` itself:
 * wouter's own useSearchParams decodes the string once more before parsing it, which turns a
 * literal "%41" someone typed into "A".
 */
export function useQueryParams(): URLSearchParams {
  useSearch();
  return new URLSearchParams(window.location.search);
}
