import type { Role } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import type { Kysely } from 'kysely';
import type { AuthDatabase, User } from './db/schema.ts';
import { verifiedOrgForEmail } from './orgs.ts';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailDomain(email: string): string {
  return normalizeEmail(email).split('@').pop() ?? '';
}

/** What clients see of a user; never the password hash. */
export function userView(user: User) {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    orgId: user.org_id,
    orgRole: user.org_role,
    createdAt: user.created_at.toISOString(),
  };
}

export interface NewAccount {
  email: string;
  passwordHash: string | null;
  adminEmails: readonly string[];
}

/**
 * Creates a user. Emails listed in ADMIN_EMAILS become admins; an email whose domain a verified
 * org has claimed joins that org as a member (domain sign-up).
 */
export async function createUser(db: Kysely<AuthDatabase>, account: NewAccount): Promise<User> {
  const email = normalizeEmail(account.email);
  const role: Role = account.adminEmails.includes(email) ? 'admin' : 'user';
  const org = await verifiedOrgForEmail(db, email);
  const created = await db
    .insertInto('users')
    .values({
      email,
      password_hash: account.passwordHash,
      role,
      org_id: org?.id ?? null,
      org_role: org ? 'member' : null,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!created)
    throw new ApiError('email_taken', 'An account with this email already exists; sign in instead');
  return created;
}

export function findUserByEmail(db: Kysely<AuthDatabase>, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export function findUserById(db: Kysely<AuthDatabase>, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Records a sign-in; promotes the user to admin when their email has since been added to
 * ADMIN_EMAILS (how the first admin of an existing install is made).
 */
export async function recordLogin(
  db: Kysely<AuthDatabase>,
  user: User,
  adminEmails: readonly string[],
): Promise<User> {
  const promote = user.role !== 'admin' && adminEmails.includes(user.email);
  return db
    .updateTable('users')
    .set({ last_login_at: new Date(), ...(promote ? { role: 'admin' as const } : {}) })
    .where('id', '=', user.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
