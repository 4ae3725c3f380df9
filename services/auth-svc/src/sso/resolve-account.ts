import { ApiError } from '@perplexica/errors';
import type { Kysely } from 'kysely';
import type { AuthDatabase, User } from '../db/schema.ts';
import { verifiedOrgForEmail } from '../orgs.ts';
import { createUser, findUserByEmail, normalizeEmail } from '../users.ts';
import type { ProviderIdentity } from './oidc-client.ts';
import { SsoLoginError } from './sso-errors.ts';

export interface SsoAccountRequest {
  /** The org whose provider vouched for this identity. */
  orgId: string;
  identity: ProviderIdentity;
  adminEmails: readonly string[];
}

function userOfIdentity(db: Kysely<AuthDatabase>, issuer: string, subject: string) {
  return db
    .selectFrom('user_identities')
    .innerJoin('users', 'users.id', 'user_identities.user_id')
    .selectAll('users')
    .where('user_identities.issuer', '=', issuer)
    .where('user_identities.subject', '=', subject)
    .executeTakeFirst();
}

/**
 * The account an SSO sign-in lands in:
 * 1. the user already linked to this provider identity (issuer + subject);
 * 2. else the user with the same email, when the provider has verified it (the email's domain is
 *    already known to be the org's), who is then linked; a user in no org joins this one;
 * 3. else a new user without a password, in the org (domain sign-up rules), linked.
 * Whenever the provider names an email, its domain must be one the org has verified: an org's
 * provider only vouches for the org's own addresses.
 */
export async function resolveSsoAccount(db: Kysely<AuthDatabase>, request: SsoAccountRequest): Promise<User> {
  const { identity, orgId } = request;
  const email = identity.email ? normalizeEmail(identity.email) : null;
  if (email && (await verifiedOrgForEmail(db, email))?.id !== orgId) {
    throw new SsoLoginError(
      'domain_not_allowed',
      "The identity provider's email is not at a domain this organization has verified",
    );
  }
  // A second attempt covers a concurrent first sign-in of the same person, which makes ours
  // collide on the email or the identity; by then their row exists and is found.
  for (let attempt = 0; attempt < 2; attempt++) {
    const linked = await userOfIdentity(db, identity.issuer, identity.subject);
    if (linked) return linked;
    if (!email || !identity.emailVerified) {
      throw new SsoLoginError(
        'email_unverified',
        'The identity provider did not confirm an email address for this account',
      );
    }
    try {
      return await linkOrCreate(db, request, email);
    } catch (error) {
      const collided = error instanceof ApiError && error.code === 'email_taken';
      if (!collided && !(error instanceof IdentityTaken)) throw error;
    }
  }
  throw new ApiError('conflict', 'Another sign-in for this account is in progress; try again');
}

class IdentityTaken extends Error {}

function linkOrCreate(db: Kysely<AuthDatabase>, request: SsoAccountRequest, email: string): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const existing = await findUserByEmail(trx, email);
    let user: User;
    if (!existing) {
      user = await createUser(trx, { email, passwordHash: null, adminEmails: request.adminEmails });
    } else if (existing.org_id === null) {
      user = await trx
        .updateTable('users')
        .set({ org_id: request.orgId, org_role: 'member' })
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    } else {
      user = existing;
    }
    const link = await trx
      .insertInto('user_identities')
      .values({ issuer: request.identity.issuer, subject: request.identity.subject, user_id: user.id })
      .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!link) throw new IdentityTaken();
    return user;
  });
}
