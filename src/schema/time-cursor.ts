import { AppError } from '../pipeline/errors.ts';
import { isUuid } from './ids.ts';

/** A keyset cursor for lists ordered by a time and an ID (sessions, the audit log, API keys). */
export const encodeTimeCursor = (at: Date, id: string): string => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

/**
 * A cursor this server wrote: `<ISO date>|<UUID>`, the date exactly as toISOString writes it (years
 * 0000-9999, inside PostgreSQL's range); anything else is BAD_USER_INPUT, never a database error.
 */
export function decodeTimeCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const parts = Buffer.from(cursor, 'base64url').toString().split('|');
  const [iso, id] = parts;
  const at = new Date(iso ?? '');
  const validDate = !Number.isNaN(at.getTime()) && at.toISOString() === iso && /^\d{4}-/.test(iso);
  if (parts.length !== 2 || !isUuid(id) || !validDate) throw new AppError('BAD_USER_INPUT', 'Invalid pagination cursor.');
  return { at, id: id.toLowerCase() };
}
