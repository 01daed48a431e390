import { decodeGlobalID } from '@pothos/plugin-relay';
import { AppError } from '../pipeline/errors.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every stored ID is a UUID; anything else must not reach a query (PostgreSQL would refuse it as a bug, not as NOT_FOUND). */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && uuidPattern.test(value);

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

/** The types `builder.node` defines (test/api/input-limits.test.ts checks this list against the schema's Node implementations). */
export const nodeTypenames: readonly string[] = ['AnalysisSession', 'AnalysisBatch', 'Face', 'Person', 'LivenessSession', 'VideoAnalysis'];

/**
 * How `node(id)` and `nodes(ids)` read a global ID (the relay plugin's `decodeGlobalID` option in
 * builder.ts). What the node types' `loadOne` receives is a lowercase UUID, or, for an ID of a node
 * type that holds anything else (another global ID nested in it, NUL, a megabyte), the empty
 * string, which no object has and `parseId` refuses: node answers null (Person: NOT_FOUND, as
 * `person(id)`), never a database error. A string that is not a global ID at all, or one naming a
 * type that is not a node, is BAD_USER_INPUT instead of the plugin's uncoded error.
 */
export function decodeNodeId(globalID: string): { typename: string; id: string } {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalID);
  } catch {
    throw new AppError('BAD_USER_INPUT', 'Invalid ID: not a global ID of this API.');
  }
  if (!nodeTypenames.includes(decoded.typename)) throw new AppError('BAD_USER_INPUT', 'Invalid ID: not a global ID of this API.');
  return { typename: decoded.typename, id: uuidPattern.test(decoded.id) ? decoded.id.toLowerCase() : '' };
}
