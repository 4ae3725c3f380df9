import type { LookupAddress } from 'node:dns';
import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  causedByPrivateAddress,
  guardedLookup,
  ipLiteral,
  isPublicAddress,
  PrivateAddressError,
} from '../src/index.ts';

describe('isPublicAddress', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fc00::1', 'unique-local'],
    ['fe80::1', 'IPv6 link-local'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['localhost', 'a name, not an address'],
    ['999.1.1.1', 'not an address'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([['8.8.8.8'], ['93.184.216.34'], ['2606:4700:4700::1111'], ['::ffff:8.8.8.8']])(
    'accepts the globally routable %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe('ipLiteral', () => {
  it('unwraps IPv6 brackets, keeps IPv4, and gives null for names', () => {
    expect(ipLiteral('[::1]')).toBe('::1');
    expect(ipLiteral('[fe80::1]')).toBe('fe80::1');
    expect(ipLiteral('127.0.0.1')).toBe('127.0.0.1');
    expect(ipLiteral('example.com')).toBeNull();
    expect(ipLiteral('localhost')).toBeNull();
  });
});

/** guardedLookup as a promise: the addresses it hands the socket, or its error. */
function lookUp(
  hostname: string,
  all: boolean,
): Promise<LookupAddress[] | { address: string; family: number }> {
  return new Promise((resolve, reject) => {
    guardedLookup(hostname, { all }, (error, address, family) => {
      if (error) return reject(error);
      resolve(typeof address === 'string' ? { address, family: family ?? 0 } : address);
    });
  });
}

describe('guardedLookup', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((socket) => socket.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('hands back a public address, alone or as the list the socket asked for', async () => {
    // An IP literal resolves without asking DNS, so this needs no network.
    expect(await lookUp('8.8.8.8', false)).toEqual({ address: '8.8.8.8', family: 4 });
    expect(await lookUp('8.8.8.8', true)).toEqual([{ address: '8.8.8.8', family: 4 }]);
  });

  it('refuses a name that resolves to a loopback address, with the code callers look for', async () => {
    const error = await lookUp('localhost', false).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PrivateAddressError);
    expect(error).toMatchObject({ code: 'ERR_PRIVATE_ADDRESS' });
    expect((error as Error).message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a private/);
  });

  it('stops a real connection before it reaches the server, and the refusal is recognisable', async () => {
    const socket = connect({ host: 'localhost', port, lookup: guardedLookup });
    const outcome = await new Promise<unknown>((resolve) => {
      socket.once('error', resolve);
      socket.once('data', (data) => resolve(data.toString()));
    });
    socket.destroy();
    expect(outcome).not.toBe('reached');
    expect(causedByPrivateAddress(outcome)).toBe(true);
  });
});

describe('causedByPrivateAddress', () => {
  it('finds the refusal under the causes an HTTP client wraps it in, and nothing else', () => {
    const refusal = new PrivateAddressError('metadata.internal', '169.254.169.254');
    const wrapped = new TypeError('fetch failed', { cause: new Error('connect failed', { cause: refusal }) });
    expect(causedByPrivateAddress(wrapped)).toBe(true);
    expect(causedByPrivateAddress(new Error('connect ECONNREFUSED'))).toBe(false);
    expect(causedByPrivateAddress(undefined)).toBe(false);
  });
});
