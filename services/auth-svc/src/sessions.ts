import { ApiError } from '@perplexica/errors';
import type { Kysely } from 'kysely';
import type { AuthDatabase } from './db/schema.ts';
import { hashSecret, randomSecret } from './tokens/secrets.ts';

export interface IssuedRefreshToken {
  sessionId: string;
  refreshToken: string;
  expiresAt: Date;
}

const REFRESH_PREFIX = 'rt_';

async function insertRefreshToken(
  db: Kysely<AuthDatabase>,
  sessionId: string,
  ttlDays: number,
): Promise<IssuedRefreshToken> {
  const refreshToken = REFRESH_PREFIX + randomSecret();
  const expiresAt = new Date(Date.now() + ttlDays * 86_400_000);
  await db
    .insertInto('refresh_tokens')
    .values({ session_id: sessionId, token_hash: hashSecret(refreshToken), expires_at: expiresAt })
    .execute();
  return { sessionId, refreshToken, expiresAt };
}

/** A new sign-in: a session (token family) and its first refresh token. */
export async function startSession(
  db: Kysely<AuthDatabase>,
  { userId, userAgent, ttlDays }: { userId: string; userAgent: string | null; ttlDays: number },
): Promise<IssuedRefreshToken> {
  return db.transaction().execute(async (trx) => {
    const session = await trx
      .insertInto('sessions')
      .values({ user_id: userId, user_agent: userAgent?.slice(0, 512) ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return insertRefreshToken(trx, session.id, ttlDays);
  });
}

type RotationOutcome =
  | { kind: 'rotated'; userId: string; issued: IssuedRefreshToken }
  | { kind: 'unknown' | 'expired' | 'revoked' | 'reused' };

/**
 * Exchanges a refresh token for a new one. Each token works once: presenting a token that was
 * already exchanged means two parties hold it (one of them a thief), so the whole session is
 * revoked and both must sign in again. The row lock makes two concurrent exchanges of the same
 * token count as a reuse rather than both succeeding.
 */
export async function rotateRefreshToken(db: Kysely<AuthDatabase>, refreshToken: string, ttlDays: number) {
  const outcome = await db.transaction().execute(async (trx): Promise<RotationOutcome> => {
    const row = await trx
      .selectFrom('refresh_tokens')
      .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
      .select([
        'refresh_tokens.id',
        'refresh_tokens.session_id',
        'refresh_tokens.expires_at',
        'refresh_tokens.used_at',
        'sessions.user_id',
        'sessions.revoked_at',
      ])
      .where('refresh_tokens.token_hash', '=', hashSecret(refreshToken))
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { kind: 'unknown' };
    if (row.revoked_at) return { kind: 'revoked' };
    if (row.used_at) {
      await trx
        .updateTable('sessions')
        .set({ revoked_at: new Date(), revoked_reason: 'refresh_token_reused' })
        .where('id', '=', row.session_id)
        .execute();
      return { kind: 'reused' };
    }
    if (row.expires_at.getTime() <= Date.now()) return { kind: 'expired' };
    await trx.updateTable('refresh_tokens').set({ used_at: new Date() }).where('id', '=', row.id).execute();
    return {
      kind: 'rotated',
      userId: row.user_id,
      issued: await insertRefreshToken(trx, row.session_id, ttlDays),
    };
  });
  // Thrown after the transaction committed, so a detected reuse stays revoked.
  switch (outcome.kind) {
    case 'rotated':
      return { userId: outcome.userId, ...outcome.issued };
    case 'reused':
      throw new ApiError(
        'token_reused',
        'This refresh token was already used; the session has been ended. Sign in again.',
      );
    case 'expired':
      throw new ApiError('token_expired', 'Refresh token has expired; sign in again');
    default:
      throw new ApiError('invalid_token', 'Refresh token is invalid or its session has ended');
  }
}

/**
 * Ends a session: its refresh tokens stop working at once, its access tokens within minutes.
 * True when this call ended it (false: it was already over).
 */
export async function revokeSession(
  db: Kysely<AuthDatabase>,
  sessionId: string,
  reason: string,
): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: new Date(), revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The session a refresh token belongs to, and its user, whatever its state; for logout. */
export async function sessionOfRefreshToken(
  db: Kysely<AuthDatabase>,
  refreshToken: string,
): Promise<{ sessionId: string; userId: string } | null> {
  const row = await db
    .selectFrom('refresh_tokens')
    .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
    .select(['refresh_tokens.session_id', 'sessions.user_id'])
    .where('refresh_tokens.token_hash', '=', hashSecret(refreshToken))
    .executeTakeFirst();
  return row ? { sessionId: row.session_id, userId: row.user_id } : null;
}
