import type { Db } from './database.ts';
import type { Verification } from './generated/client.ts';

export type { Verification };

/** How many reported outcomes one scrape reads at most (the newest). */
const LIVE_SAMPLE_LIMIT = 100_000;

/** 1:1 decisions and the outcomes clients report for them. */
export class VerificationsRepository {
  constructor(private readonly db: Db) {}

  record(row: { tenantId: string; kind: 'faces' | 'person'; similarity: number; threshold: number; match: boolean }): Promise<Verification> {
    return this.db.verification.create({ data: row });
  }

  find(tenantId: string, id: string): Promise<Verification | null> {
    return this.db.verification.findFirst({ where: { id, tenantId } });
  }

  /** Stores the report once: false when the verification already has one. */
  async report(tenantId: string, id: string, correct: boolean, at: Date): Promise<boolean> {
    const { count } = await this.db.verification.updateMany({ where: { id, tenantId, correct: null }, data: { correct, reportedAt: at } });
    return count === 1;
  }

  /** Reported outcomes since `since`, every tenant's (the live-rate metrics). */
  reportedSince(since: Date): Promise<Pick<Verification, 'tenantId' | 'similarity' | 'match' | 'correct'>[]> {
    return this.db.verification.findMany({
      where: { reportedAt: { gte: since } },
      select: { tenantId: true, similarity: true, match: true, correct: true },
      orderBy: { reportedAt: 'desc' },
      take: LIVE_SAMPLE_LIMIT,
    });
  }
}
