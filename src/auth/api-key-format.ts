import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * An API key: `fsk_`, 40 random base62 characters (238 bits), then a 6-character base62 CRC32 of
 * what comes before it. The prefix makes a leaked key recognisable (secret scanners, logs); the
 * checksum lets a mistyped or made-up key be refused before any database lookup. The first 12
 * characters are the key's visible prefix: stored, shown in listings, used to find the key.
 */
const API_KEY_MARK = 'fsk_';
const BODY_LENGTH = 40;
const CHECKSUM_LENGTH = 6;
const PREFIX_LENGTH = API_KEY_MARK.length + 8;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_PATTERN = new RegExp(`^${API_KEY_MARK}[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`);

function base62(value: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = (ALPHABET[value % 62] as string) + out;
    value = Math.floor(value / 62);
  }
  return out;
}

function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    // 248 = 4 × 62: bytes at or above it are dropped, so every character is equally likely.
    for (const byte of randomBytes(length * 2)) if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
  }
  return out;
}

const checksumOf = (head: string): string => base62(crc32(head), CHECKSUM_LENGTH);

export interface NewApiKey {
  /** The whole key: shown once, never stored. */
  secret: string;
  prefix: string;
  hash: string;
}

const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export function generateApiKey(): NewApiKey {
  const head = API_KEY_MARK + randomBase62(BODY_LENGTH);
  const secret = head + checksumOf(head);
  return { secret, prefix: secret.slice(0, PREFIX_LENGTH), hash: hashApiKey(secret) };
}

/** Whether a string looks like one of our keys at all (to tell a key from a JWT in `Authorization: Bearer`). */
export const looksLikeApiKey = (value: string): boolean => value.startsWith(API_KEY_MARK);

/** The prefix of a well-formed key whose checksum holds, else null (refused without a lookup). */
export function parseApiKey(key: string): string | null {
  if (!KEY_PATTERN.test(key)) return null;
  const head = key.slice(0, -CHECKSUM_LENGTH);
  if (checksumOf(head) !== key.slice(-CHECKSUM_LENGTH)) return null;
  return key.slice(0, PREFIX_LENGTH);
}

/** Compares a presented key with a stored hash in constant time. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
