/**
 * One lookup per event, shared by every subscriber it reaches. The event bus hands the same event
 * object to all of a tenant's subscribers, so `face { box }` on 10,000 subscriptions costs one query,
 * not 10,000. Keyed by the event object (a WeakMap: nothing outlives the event) and the field. The
 * event only reaches subscribers of its own tenant; a caller of another tenant never shares its entry.
 */
const memo = new WeakMap<object, Map<string, Promise<unknown>>>();

export function perEvent<T>(event: { tenantId: string }, tenantId: string, field: string, load: () => Promise<T>): Promise<T> {
  if (event.tenantId !== tenantId) return load();
  let entries = memo.get(event);
  if (!entries) {
    entries = new Map();
    memo.set(event, entries);
  }
  let entry = entries.get(field) as Promise<T> | undefined;
  if (!entry) {
    entry = load();
    entries.set(field, entry);
    // A failed lookup is not kept: the next subscriber tries again.
    entry.catch(() => entries.delete(field));
  }
  return entry;
}
