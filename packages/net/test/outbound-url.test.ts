import { describe, expect, it } from 'vitest';
import { outboundUrlProblem } from '../src/outbound-url.ts';

describe('outboundUrlProblem', () => {
  it('accepts public https URLs, by name or address', () => {
    for (const url of [
      'https://hooks.example.com/in',
      'https://93.184.216.34/x',
      'https://example.org./path',
    ]) {
      expect(outboundUrlProblem(url, false), url).toBeNull();
    }
  });

  it('refuses what would reach inside: private, loopback, link-local and local names', () => {
    for (const url of [
      'https://127.0.0.1/',
      'https://10.0.0.5/',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://localhost/',
      'https://printer.local/',
      'https://db.internal/',
      'https://router.home.arpa/',
      'https://intranet/',
    ]) {
      expect(outboundUrlProblem(url, false), url).toBe(
        'must not point to a private, loopback or link-local address',
      );
    }
  });

  it('refuses http, credentials and what is not a URL; the insecure flag allows http and private hosts only', () => {
    expect(outboundUrlProblem('http://hooks.example.com/', false)).toBe('must be an https URL');
    expect(outboundUrlProblem('ftp://hooks.example.com/', true)).toBe('must be an https URL');
    expect(outboundUrlProblem('https://user:pw@hooks.example.com/', true)).toBe('must not carry credentials');
    expect(outboundUrlProblem('not a url', false)).toBe('must be an absolute URL');
    expect(outboundUrlProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
  });
});
