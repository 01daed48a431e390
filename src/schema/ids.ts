import { decodeGlobalID } from '@pothos/plugin-relay';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Accepts a Relay global ID of `typename` or the bare UUID; anything else is null (reported as NOT_FOUND). */
export function parseId(id: string | number, typename: string): string | null {
  const raw = String(id);
  if (uuidPattern.test(raw)) return raw.toLowerCase();
  try {
    const decoded = decodeGlobalID(raw);
    return decoded.typename === typename && uuidPattern.test(decoded.id) ? decoded.id.toLowerCase() : null;
  } catch {
    return null;
  }
}
