import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { ApiError } from '@perplexica/errors';
import { generateSigningKeyPair, signTestAccessToken } from '@perplexica/testing';
import { exportJWK, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier } from '../src/index.ts';

const keys = generateSigningKeyPair();
const otherKeys = generateSigningKeyPair();
const verifier = createTokenVerifier({
  publicKeyPem: keys.publicKeyPem,
  issuer: 'perplexica-auth',
  audience: 'perplexica',
});

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function rejection(token: string): Promise<ApiError> {
  const error = await verifier.verify(token).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('createTokenVerifier with a PEM public key', () => {
  it('accepts a valid EdDSA access token and maps its claims to the caller', async () => {
    const token = await signTestAccessToken({
      privateKeyPem: keys.privateKeyPem,
      userId: 'u-1',
      orgId: 'org-9',
      orgRole: 'owner',
      role: 'admin',
      sessionId: 's-3',
    });
    await expect(verifier.verify(token)).resolves.toEqual({
      id: 'u-1',
      orgId: 'org-9',
      orgRole: 'owner',
      role: 'admin',
      via: 'session',
      scopes: ['*'],
      sessionId: 's-3',
    });
  });

  it('rejects a token whose payload was changed after signing', async () => {
    const token = await signTestAccessToken({ privateKeyPem: keys.privateKeyPem, role: 'user' });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    const tampered = `${header}.${b64url({ ...claims, role: 'admin' })}.${signature}`;
    expect((await rejection(tampered)).code).toBe('invalid_token');
  });

  it('rejects a token signed by another key', async () => {
    const token = await signTestAccessToken({ privateKeyPem: otherKeys.privateKeyPem });
    expect((await rejection(token)).code).toBe('invalid_token');
  });

  it('rejects an unsigned alg:none token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({
      sub: 'u-1',
      role: 'admin',
      typ: 'access',
      iss: 'perplexica-auth',
      aud: 'perplexica',
      iat: now,
      exp: now + 600,
    })}.`;
    expect((await rejection(token)).code).toBe('invalid_token');
  });

  it('rejects an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const token = await new SignJWT({ role: 'admin', typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-1')
      .setIssuer('perplexica-auth')
      .setAudience('perplexica')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(keys.publicKeyPem));
    expect((await rejection(token)).code).toBe('invalid_token');
  });

  it('answers token_expired for an expired token, beyond the clock tolerance', async () => {
    const token = await signTestAccessToken({ privateKeyPem: keys.privateKeyPem, expiresInSeconds: -60 });
    const error = await rejection(token);
    expect(error.code).toBe('token_expired');
    expect(error.status).toBe(401);
  });

  it('rejects a wrong issuer and a wrong audience', async () => {
    const wrongIssuer = await signTestAccessToken({
      privateKeyPem: keys.privateKeyPem,
      issuer: 'someone-else',
    });
    const wrongAudience = await signTestAccessToken({
      privateKeyPem: keys.privateKeyPem,
      audience: 'other-app',
    });
    expect((await rejection(wrongIssuer)).code).toBe('invalid_token');
    expect((await rejection(wrongAudience)).code).toBe('invalid_token');
  });

  it('rejects a validly signed token that is not an access token', async () => {
    const refreshLike = await new SignJWT({ role: 'user', typ: 'refresh' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('u-1')
      .setIssuer('perplexica-auth')
      .setAudience('perplexica')
      .setExpirationTime('10m')
      .sign(createPrivateKey(keys.privateKeyPem));
    expect((await rejection(refreshLike)).code).toBe('invalid_token');
  });

  it('rejects garbage', async () => {
    expect((await rejection('not-a-jwt')).code).toBe('invalid_token');
  });

  it('accepts tokens from either key during a rotation (several PEM blocks)', async () => {
    const rotating = createTokenVerifier({
      publicKeyPem: `${otherKeys.publicKeyPem}\n${keys.publicKeyPem}`,
      issuer: 'perplexica-auth',
      audience: 'perplexica',
    });
    for (const privateKeyPem of [keys.privateKeyPem, otherKeys.privateKeyPem]) {
      const token = await signTestAccessToken({ privateKeyPem, userId: 'rotated' });
      await expect(rotating.verify(token)).resolves.toMatchObject({ id: 'rotated' });
    }
  });

  it('verifies RS256 tokens when the configured key is RSA', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsa = createTokenVerifier({
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      issuer: 'perplexica-auth',
      audience: 'perplexica',
    });
    const token = await new SignJWT({ role: 'user', typ: 'access', org: null })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('rsa-user')
      .setIssuer('perplexica-auth')
      .setAudience('perplexica')
      .setExpirationTime('10m')
      .sign(privateKey);
    await expect(rsa.verify(token)).resolves.toMatchObject({ id: 'rsa-user', orgId: null, role: 'user' });
  });

  it('refuses to start without a usable key', () => {
    expect(() => createTokenVerifier({ issuer: 'i', audience: 'a' })).toThrow(/publicKeyPem or jwksUrl/);
    expect(() => createTokenVerifier({ publicKeyPem: 'nope', issuer: 'i', audience: 'a' })).toThrow(
      /no PEM PUBLIC KEY block/,
    );
  });
});

describe('expiry is required', () => {
  it('rejects a correctly signed token that has no exp claim', async () => {
    const eternal = await new SignJWT({ role: 'user', typ: 'access' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('u-forever')
      .setIssuer('perplexica-auth')
      .setAudience('perplexica')
      .sign(createPrivateKey(keys.privateKeyPem));
    expect((await rejection(eternal)).code).toBe('invalid_token');
  });
});

describe('verdict cache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves a repeated token from the cache without sharing the user object between requests', async () => {
    const token = await signTestAccessToken({ privateKeyPem: keys.privateKeyPem, userId: 'cached-user' });
    const first = await verifier.verify(token);
    first.role = 'admin';
    first.scopes.push('billing:read');
    const second = await verifier.verify(token);
    expect(second).toMatchObject({ id: 'cached-user', role: 'user', scopes: ['*'] });
  });

  it('never lets a tampered copy of a cached token through', async () => {
    const token = await signTestAccessToken({ privateKeyPem: keys.privateKeyPem, userId: 'victim' });
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    expect((await rejection(`${header}.${b64url({ ...claims, sub: 'attacker' })}.${signature}`)).code).toBe(
      'invalid_token',
    );
    expect((await rejection(`${token}x`)).code).toBe('invalid_token');
  });

  it('does not keep a token alive past its expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = await signTestAccessToken({
      privateKeyPem: keys.privateKeyPem,
      userId: 'short-lived',
      expiresInSeconds: 60,
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'short-lived' });
    vi.setSystemTime(Date.now() + 30_000);
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'short-lived' });
    vi.setSystemTime(Date.now() + 60_000);
    expect((await rejection(token)).code).toBe('token_expired');
  });
});

describe('createTokenVerifier with a JWKS URL', () => {
  it('fetches auth-svc keys from the JWKS and verifies with them', async () => {
    const jwk = {
      ...(await exportJWK(createPublicKey(keys.publicKeyPem))),
      kid: 'k1',
      alg: 'EdDSA',
      use: 'sig',
    };
    let fetches = 0;
    const server = createServer((_request, response) => {
      fetches += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const address = server.address() as { port: number };
      const remote = createTokenVerifier({
        jwksUrl: `http://127.0.0.1:${address.port}/.well-known/jwks.json`,
        issuer: 'perplexica-auth',
        audience: 'perplexica',
      });
      const token = await new SignJWT({ role: 'admin', typ: 'access', org: 'o' })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setSubject('jwks-user')
        .setIssuer('perplexica-auth')
        .setAudience('perplexica')
        .setExpirationTime('5m')
        .sign(createPrivateKey(keys.privateKeyPem));
      await expect(remote.verify(token)).resolves.toMatchObject({
        id: 'jwks-user',
        role: 'admin',
        orgId: 'o',
      });
      const foreign = await signTestAccessToken({ privateKeyPem: otherKeys.privateKeyPem });
      await expect(remote.verify(foreign)).rejects.toMatchObject({ code: 'invalid_token' });
      expect(fetches).toBeGreaterThanOrEqual(1);
    } finally {
      server.close();
    }
  });
});
