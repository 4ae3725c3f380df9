import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthServiceUnderTest,
  call,
  GOOD_PASSWORD,
  signUp,
  startAuthService,
  uniqueEmail,
} from './harness.ts';

let auth: AuthServiceUnderTest;
const api = (path: string) => `${auth.url}/api/v1/auth${path}`;

beforeAll(async () => {
  auth = await startAuthService({ ADMIN_EMAILS: 'Boss@Perplexica.test' });
});
afterAll(() => auth.close());

describe('sign-up', () => {
  it('creates an account and returns an access token, a refresh token and an httpOnly cookie', async () => {
    const email = uniqueEmail();
    const response = await call(api('/signup'), { body: { email, password: GOOD_PASSWORD } });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ email, role: 'user', orgId: null });
    expect(response.body.user.passwordHash).toBeUndefined();
    expect(response.body.tokenType).toBe('Bearer');
    expect(response.body.expiresIn).toBe(900);
    expect(response.body.refreshToken).toMatch(/^rt_/);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('perplexica_refresh=');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toContain('Path=/api/v1/auth');
  });

  it('refuses a duplicate email, whatever its case', async () => {
    const email = uniqueEmail();
    await signUp(auth.url, email);
    const again = await call(api('/signup'), {
      body: { email: email.toUpperCase(), password: GOOD_PASSWORD },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_taken');
  });

  it.each([
    ['too short', 'short1!'],
    ['a common password', 'password123'],
    ['too few distinct characters', 'aaaaaaaaaaaabbbb'],
    ['too long', `${'x'.repeat(300)}abcdefg`],
  ])('refuses a weak password (%s) with weak_password', async (_label, password) => {
    const response = await call(api('/signup'), { body: { email: uniqueEmail(), password } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('weak_password');
    expect(response.body.error.message).toEqual(expect.any(String));
  });

  it('refuses a password built from the email address', async () => {
    const response = await call(api('/signup'), {
      body: { email: 'marguerite@researcher.test', password: 'marguerite2026' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('weak_password');
  });

  it('answers missing fields and a bad email with validation_failed and details per field', async () => {
    const missing = await call(api('/signup'), { body: { email: uniqueEmail() } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(missing.body.error.details)).toContain('password');

    const badEmail = await call(api('/signup'), { body: { email: 'not-an-email', password: GOOD_PASSWORD } });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(badEmail.body.error.details)).toContain('email');
  });

  it('answers malformed JSON with invalid_json, a non-JSON body with 415, and an oversized body with 413', async () => {
    const malformed = await call(api('/signup'), { body: '{"email": "a@b.test", "password": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');

    const form = await call(api('/signup'), {
      body: 'email=a@b.test',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('unsupported_media_type');

    const huge = await call(api('/signup'), { body: { email: uniqueEmail(), password: 'p'.repeat(20_000) } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });

  it('makes emails listed in ADMIN_EMAILS admins', async () => {
    const admin = await signUp(auth.url, 'boss@perplexica.test');
    expect(admin.user.role).toBe('admin');
  });
});

describe('login', () => {
  it('signs in with the right password and gives tokens that /me accepts', async () => {
    const email = uniqueEmail();
    await signUp(auth.url, email);
    const login = await call(api('/login'), {
      body: { email: `  ${email.toUpperCase()} `, password: GOOD_PASSWORD },
    });
    expect(login.status).toBe(200);
    const me = await call(api('/me'), { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(email);
    expect(me.body.auth).toMatchObject({ via: 'session', scopes: ['*'] });
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const email = uniqueEmail();
    await signUp(auth.url, email);
    const wrong = await call(api('/login'), { body: { email, password: 'not the right password' } });
    const unknown = await call(api('/login'), { body: { email: uniqueEmail(), password: GOOD_PASSWORD } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.body.error.code).toBe('invalid_credentials');
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('answers missing fields with validation_failed', async () => {
    const response = await call(api('/login'), { body: { password: GOOD_PASSWORD } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });

  it('never writes passwords or tokens to the logs', async () => {
    const email = uniqueEmail();
    const session = await signUp(auth.url, email, 'a very secret passphrase 42');
    await call(api('/login'), { body: { email, password: 'a very secret passphrase 42' } });
    await call(api('/me'), { token: session.accessToken });
    const text = auth.logs.text();
    expect(text).toContain('"route"');
    expect(text).not.toContain('a very secret passphrase 42');
    expect(text).not.toContain(session.accessToken);
    expect(text).not.toContain(session.refreshToken);
  });
});

describe('refresh tokens', () => {
  it('rotate: each refresh returns a new pair and the new access token works', async () => {
    const session = await signUp(auth.url);
    const first = await call(api('/refresh'), { body: { refreshToken: session.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(session.refreshToken);
    const second = await call(api('/refresh'), { body: { refreshToken: first.body.refreshToken } });
    expect(second.status).toBe(200);
    expect((await call(api('/me'), { token: second.body.accessToken })).status).toBe(200);
  });

  it('accept the httpOnly cookie instead of a body', async () => {
    const session = await signUp(auth.url);
    const response = await call(api('/refresh'), {
      method: 'POST',
      headers: { cookie: `perplexica_refresh=${session.refreshToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toContain(response.body.refreshToken);
  });

  it('detect reuse of an old token and revoke the whole family', async () => {
    const session = await signUp(auth.url);
    const rotated = await call(api('/refresh'), { body: { refreshToken: session.refreshToken } });
    expect(rotated.status).toBe(200);

    const replay = await call(api('/refresh'), { body: { refreshToken: session.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('token_reused');

    // The legitimate holder's newer token is dead too, and so is the session behind its access token.
    const legit = await call(api('/refresh'), { body: { refreshToken: rotated.body.refreshToken } });
    expect(legit.status).toBe(401);
    expect(legit.body.error.code).toBe('invalid_token');
    const me = await call(api('/me'), { token: rotated.body.accessToken });
    expect(me.status).toBe(401);
  });

  it('let only one of two concurrent refreshes with the same token succeed', async () => {
    const session = await signUp(auth.url);
    const results = await Promise.all(
      [1, 2].map(() => call(api('/refresh'), { body: { refreshToken: session.refreshToken } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('refuse an expired, unknown or missing token', async () => {
    const session = await signUp(auth.url);
    await auth.database.db
      .updateTable('refresh_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('used_at', 'is', null)
      .where(
        'session_id',
        'in',
        auth.database.db.selectFrom('sessions').select('id').where('user_id', '=', session.user.id),
      )
      .execute();
    const expired = await call(api('/refresh'), { body: { refreshToken: session.refreshToken } });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('token_expired');

    const unknown = await call(api('/refresh'), { body: { refreshToken: 'rt_made-up' } });
    expect(unknown.body.error.code).toBe('invalid_token');

    const missing = await call(api('/refresh'), { method: 'POST' });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('unauthorized');
  });
});

describe('logout', () => {
  it('ends the session: the refresh token and the session behind the access token stop working', async () => {
    const session = await signUp(auth.url);
    const logout = await call(api('/logout'), { body: { refreshToken: session.refreshToken } });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/perplexica_refresh=;/);
    expect((await call(api('/refresh'), { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    expect((await call(api('/me'), { token: session.accessToken })).status).toBe(401);
    // Logging out again is harmless.
    expect((await call(api('/logout'), { body: { refreshToken: session.refreshToken } })).status).toBe(204);
  });
});

describe('access tokens', () => {
  const forge = async (
    key: Parameters<SignJWT['sign']>[0],
    alg: string,
    claims: Record<string, unknown> = {},
    exp = '15m',
  ) =>
    new SignJWT({ role: 'admin', typ: 'access', org: null, ...claims })
      .setProtectedHeader({ alg })
      .setSubject('00000000-0000-4000-8000-000000000000')
      .setIssuer('perplexica-auth')
      .setAudience('perplexica')
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key);

  it('refuse a missing bearer', async () => {
    const response = await call(api('/me'));
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
  });

  it('refuse a token whose payload was tampered with', async () => {
    const session = await signUp(auth.url);
    const [header, payload, signature] = session.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const response = await call(api('/me'), { token: `${header}.${elevated}.${signature}` });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });

  it('refuse a token signed by another key', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const response = await call(api('/me'), { token: await forge(other, 'EdDSA') });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });

  it('refuse an unsigned alg:none token', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'x', role: 'admin', typ: 'access', iss: 'perplexica-auth', aud: 'perplexica', iat: now, exp: now + 600 })}.`;
    const response = await call(api('/me'), { token });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });

  it('refuse an expired token with token_expired', async () => {
    const key = createPrivateKey(auth.privateKeyPem);
    const token = await forge(key, 'EdDSA', {}, '-1 minute');
    const response = await call(api('/me'), { token });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('token_expired');
  });

  it('refuse garbage', async () => {
    const response = await call(api('/me'), { token: 'not.a.jwt' });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });
});
