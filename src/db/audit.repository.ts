import type { Db } from './database.ts';
import type { AuditEvent } from './generated/client.ts';

export type { AuditEvent };

export interface AuditEntry {
  tenantId: string;
  action: string;
  actorKind: string;
  actorId: string | null;
  requestId: string | null;
  targetIds: string[];
  outcome: 'OK' | 'ERROR';
  errorCode: string | null;
}

/** The append-only audit log: rows are inserted and read, never updated or deleted. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.auditEvent.create({ data: entry });
  }

  /** A tenant's rows, newest first, optionally of one action; `after` pages towards older ones. */
  page(input: { tenantId: string; action: string | null; after: { at: Date; id: string } | null; limit: number }): Promise<AuditEvent[]> {
    const { tenantId, action, after, limit } = input;
    return this.db.auditEvent.findMany({
      where: {
        tenantId,
        ...(action ? { action } : {}),
        ...(after ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }
}
