import { hash, verify } from '@node-rs/argon2';
import { ApiError } from '@perplexica/errors';

// argon2id with the library's defaults (m=19 MiB, t=2, p=1): OWASP's recommended minimum.
const ARGON2ID = 2;

export const MIN_PASSWORD_LENGTH = 10;
/** Long enough for any passphrase, short enough that hashing cannot be used to burn CPU. */
export const MAX_PASSWORD_LENGTH = 256;

// The most common passwords of 10+ characters in public breach lists; a longer list would be
// better served by a breached-password API, which a self-hosted install may not reach.
const commonPasswords = new Set([
  '1234567890',
  '0123456789',
  '12345678910',
  '1q2w3e4r5t',
  'qwertyuiop',
  'password123',
  'password1234',
  'passwordpassword',
  'iloveyou123',
  'qwerty12345',
  'qwerty123456',
  'abcdefghij',
  'abc1234567',
  'aaaaaaaaaa',
  'letmein123',
  'welcome123',
  'administrator',
  'changeme123',
  'football123',
  'baseball123',
  'princess123',
  'sunshine123',
  'superman123',
  'trustno1234',
  '1qaz2wsx3edc',
  'zaq12wsxcde3',
  'qazwsxedcrfv',
  'perplexica123',
]);

/** Why a password is refused, or null when it is acceptable. */
export function passwordWeakness(password: string, email: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return 'This password is among the most common ones; choose another';
  if (new Set(lower).size < 4) return 'Use more than three different characters';
  const localPart = email.toLowerCase().split('@')[0] ?? '';
  if (localPart.length >= 4 && lower.includes(localPart))
    return 'Do not build the password from your email address';
  return null;
}

export function assertStrongPassword(password: string, email: string): void {
  const weakness = passwordWeakness(password, email);
  if (weakness) throw new ApiError('weak_password', weakness);
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

// Verified against when the account does not exist, so "unknown email" takes as long as
// "wrong password" and response times do not reveal which emails have accounts.
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  if (!storedHash) {
    decoyHash ??= hashPassword('decoy password that matches nothing');
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
