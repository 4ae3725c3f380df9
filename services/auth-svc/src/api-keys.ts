import { API_KEY_PREFIX, type AuthUser } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import type { Kysely } from 'kysely';
import type { ApiKeyRow, AuthDatabase } from './db/schema.ts';
import { hashSecret, randomSecret } from './tokens/secrets.ts';

export function apiKeyView(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.display_prefix,
    scopes: row.scopes,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export const MAX_ACTIVE_KEYS_PER_USER = 50;

/** Creates a key; the plaintext is returned this once and only its hash is kept. */
export async function createApiKey(
  db: Kysely<AuthDatabase>,
  input: { userId: string; name: string; scopes: string[]; expiresInDays?: number | undefined },
) {
  const active = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('user_id', '=', input.userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(active.count) >= MAX_ACTIVE_KEYS_PER_USER) {
    throw new ApiError(
      'conflict',
      `You already have ${MAX_ACTIVE_KEYS_PER_USER} active API keys; revoke one first`,
    );
  }
  const key = API_KEY_PREFIX + randomSecret();
  const row = await db
    .insertInto('api_keys')
    .values({
      user_id: input.userId,
      name: input.name,
      display_prefix: key.slice(0, API_KEY_PREFIX.length + 6),
      key_hash: hashSecret(key),
      scopes: [...new Set(input.scopes)].sort(),
      expires_at: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      last_used_at: null,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...apiKeyView(row), key };
}

export async function listApiKeys(db: Kysely<AuthDatabase>, userId: string) {
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(apiKeyView);
}

/** Revokes one of the user's keys; another user's key id is "not found", never "forbidden". */
export async function revokeApiKey(db: Kysely<AuthDatabase>, userId: string, keyId: string) {
  const row = await db
    .updateTable('api_keys')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(new Date())) }))
    .where('id', '=', keyId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new ApiError('not_found', 'API key not found');
  return apiKeyView(row);
}

// last_used_at is written at most this often per key, so a busy client does not turn every
// request into a row update (nor into an audit event: see onRecordedUse).
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The caller behind a key, or null when the key is unknown, revoked or expired.
 * `onRecordedUse` runs when this verification moved last_used_at, which happens at most once per
 * key per LAST_USED_RESOLUTION_MS across every replica (the update is conditional), so "the key
 * was used" can be recorded without one audit event per request.
 */
export async function verifyApiKey(
  db: Kysely<AuthDatabase>,
  key: string,
  onRecordedUse?: (user: AuthUser) => void,
): Promise<AuthUser | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select([
      'api_keys.id',
      'api_keys.scopes',
      'api_keys.expires_at',
      'api_keys.revoked_at',
      'api_keys.last_used_at',
      'users.id as user_id',
      'users.org_id',
      'users.org_role',
      'users.role',
    ])
    .where('api_keys.key_hash', '=', hashSecret(key))
    .executeTakeFirst();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= Date.now())) return null;
  let recorded = false;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
    const now = new Date();
    const updated = await db
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .where((eb) =>
        eb.or([
          eb('last_used_at', 'is', null),
          eb('last_used_at', '<', new Date(now.getTime() - LAST_USED_RESOLUTION_MS)),
        ]),
      )
      .executeTakeFirst();
    recorded = updated.numUpdatedRows > 0n;
  }
  const user: AuthUser = {
    id: row.user_id,
    orgId: row.org_id,
    orgRole: row.org_id ? (row.org_role ?? 'member') : null,
    role: row.role,
    via: 'api_key',
    scopes: row.scopes,
    apiKeyId: row.id,
  };
  if (recorded) onRecordedUse?.(user);
  return user;
}
