import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServiceUnderTest, call, GOOD_PASSWORD, signUp, startAuthService } from './harness.ts';

let auth: AuthServiceUnderTest;
const api = (path: string) => `${auth.url}/api/v1/auth${path}`;

beforeAll(async () => {
  auth = await startAuthService({ ADMIN_EMAILS: 'first.admin@lab.test, later.admin@lab.test' });
});
afterAll(() => auth.close());

describe('user administration', () => {
  it('lets an admin list users and change roles, hidden from everyone else', async () => {
    const admin = await signUp(auth.url, 'first.admin@lab.test');
    const user = await signUp(auth.url);
    expect(admin.user.role).toBe('admin');

    const listed = await call(api('/admin/users?limit=10'), { token: admin.accessToken });
    expect(listed.status).toBe(200);
    expect(listed.body.users.map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining([admin.user.email, user.user.email]),
    );
    expect(JSON.stringify(listed.body)).not.toContain('argon2');

    const hidden = await call(api('/admin/users'), { token: user.accessToken });
    expect(hidden.status).toBe(404);

    const promoted = await call(api(`/admin/users/${user.user.id}`), {
      method: 'PATCH',
      token: admin.accessToken,
      body: { role: 'admin' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('admin');
    // The user's old session ends, so the old role cannot be refreshed into a new token.
    expect((await call(api('/refresh'), { body: { refreshToken: user.refreshToken } })).status).toBe(401);
  });

  it('promotes an existing account listed in ADMIN_EMAILS at its next login', async () => {
    const before = await signUp(auth.url, 'later.admin@lab.test');
    await auth.database.db
      .updateTable('users')
      .set({ role: 'user' })
      .where('id', '=', before.user.id)
      .execute();
    const login = await call(api('/login'), {
      body: { email: 'later.admin@lab.test', password: GOOD_PASSWORD },
    });
    expect(login.body.user.role).toBe('admin');
  });

  it('refuses bad input and self-demotion', async () => {
    const admin = (
      await call(api('/login'), { body: { email: 'first.admin@lab.test', password: GOOD_PASSWORD } })
    ).body;
    expect((await call(api('/admin/users?limit=0'), { token: admin.accessToken })).status).toBe(400);
    expect(
      (
        await call(api('/admin/users/nope'), {
          method: 'PATCH',
          token: admin.accessToken,
          body: { role: 'admin' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call(api(`/admin/users/${admin.user.id}`), {
          method: 'PATCH',
          token: admin.accessToken,
          body: { role: 'root' },
        })
      ).status,
    ).toBe(400);
    const self = await call(api(`/admin/users/${admin.user.id}`), {
      method: 'PATCH',
      token: admin.accessToken,
      body: { role: 'user' },
    });
    expect(self.status).toBe(409);
    const missing = await call(api('/admin/users/00000000-0000-4000-8000-000000000000'), {
      method: 'PATCH',
      token: admin.accessToken,
      body: { role: 'user' },
    });
    expect(missing.status).toBe(404);
  });
});
