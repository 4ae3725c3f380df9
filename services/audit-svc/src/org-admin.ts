import type { AuthUser } from '@perplexica/auth-kit';
import { notFound } from '@perplexica/errors';
import { chainKeyOf } from './chain/chain-hash.ts';

/**
 * The chain an org admin may read: their own org's. Admins are the org's owner, or a platform
 * admin who belongs to the org. Everyone else, and anyone without an org, gets 404: the audit
 * log's existence is not revealed to those who may not read it.
 */
export function adminOrgKey(user: AuthUser): string {
  if (!user.orgId || (user.orgRole !== 'owner' && user.role !== 'admin')) throw notFound();
  return chainKeyOf(user.orgId);
}
