import type { Db } from './database.ts';
import type { ApiKey } from './generated/client.ts';

export type { ApiKey };

export interface NewApiKeyRow {
  tenantId: string;
  name: string;
  role: string;
  prefix: string;
  hash: string;
  createdBy: string | null;
  expiresAt: Date;
}

/** lastUsedAt is written at most this often per key, so a busy key does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** API keys: hashes and prefixes only. Reads by prefix serve authentication; the rest is tenant-scoped. */
export class ApiKeysRepository {
  constructor(private readonly db: Db) {}

  create(row: NewApiKeyRow): Promise<ApiKey> {
    return this.db.apiKey.create({ data: row });
  }

  /** The key with this prefix, whatever its tenant (authentication knows no tenant yet). */
  findByPrefix(prefix: string): Promise<ApiKey | null> {
    return this.db.apiKey.findUnique({ where: { prefix } });
  }

  find(tenantId: string, id: string): Promise<ApiKey | null> {
    return this.db.apiKey.findFirst({ where: { id, tenantId } });
  }

  /** A tenant's keys, newest first; `after` pages towards older ones. */
  page(input: { tenantId: string; includeRevoked: boolean; after: { createdAt: Date; id: string } | null; limit: number }): Promise<ApiKey[]> {
    const { tenantId, includeRevoked, after, limit } = input;
    return this.db.apiKey.findMany({
      where: {
        tenantId,
        ...(includeRevoked ? {} : { revokedAt: null }),
        ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }

  /** Revokes a key of the tenant (the first revocation's time stays); null when it has no such key. */
  async revoke(tenantId: string, id: string, at: Date): Promise<ApiKey | null> {
    await this.db.apiKey.updateMany({ where: { id, tenantId, revokedAt: null }, data: { revokedAt: at } });
    return this.find(tenantId, id);
  }

  async touch(key: ApiKey, at: Date): Promise<void> {
    if (key.lastUsedAt && at.getTime() - key.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    await this.db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: at } });
  }
}
