import { AppError } from '../pipeline/errors.ts';

/** A C0 control character other than tab, line feed and carriage return (NUL among them). */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
  }
  return false;
}
/** In `u` mode a surrogate pair is one code point, so this matches only a lone surrogate. */
const loneSurrogate = /\p{Cs}/u;

/**
 * A free-text argument (a name, an externalId, a search, a requestId) as the caller sent it, or
 * BAD_USER_INPUT: at most `max` characters (code points), no NUL or other control character but tab
 * and newlines, and well-formed Unicode (no lone surrogate). PostgreSQL refuses NUL in text and a
 * megabyte name is nobody's name, so neither reaches the database.
 */
export function checkText(value: string, argName: string, max: number): string {
  // A string of more than 2·max UTF-16 units has more than max code points: refuse it without counting.
  const length = value.length > 2 * max ? value.length : [...value].length;
  if (length > max) {
    throw new AppError('BAD_USER_INPUT', `${argName} is ${length} characters long; the limit is ${max} (MAX_STRING_LENGTH).`, {
      argument: argName,
      maxLength: max,
    });
  }
  if (hasControlCharacter(value)) {
    throw new AppError('BAD_USER_INPUT', `${argName} contains a control character (such as NUL); only tab and newlines are allowed.`, { argument: argName });
  }
  if (loneSurrogate.test(value)) {
    throw new AppError('BAD_USER_INPUT', `${argName} is not well-formed Unicode (a lone surrogate).`, { argument: argName });
  }
  return value;
}

/** checkText for an optional argument: null and undefined pass through as they are. */
export function checkOptionalText<T extends null | undefined>(value: string | T, argName: string, max: number): string | T {
  return typeof value === 'string' ? checkText(value, argName, max) : value;
}
