import type { Db } from './database.ts';
import type { LivenessFrame, LivenessSession } from './generated/client.ts';

export type { LivenessFrame, LivenessSession };

export interface NewLivenessSession {
  tenantId: string;
  credentialId: string;
  mode: string;
  challenge: string[];
  nonce: string;
  minFps: number;
  frameBudget: number;
  expiresAt: Date;
}

export interface NewLivenessFrame {
  seq: number;
  timestampMs: number;
  sha256: string;
  /** JSON-serialisable: what the decision reads back. */
  features: object;
  analysisSessionId: string | null;
  image: Uint8Array | null;
  imageFormat: string | null;
}

export interface StoredDecision {
  verdict: string;
  reasons: string[];
  score: number;
  /** JSON-serialisable: what the decision found. */
  decision: object;
  referenceFaceId: string | null;
}

/** Liveness sessions and their frames; every query is scoped to a tenant. */
export class LivenessRepository {
  constructor(private readonly db: Db) {}

  create(input: NewLivenessSession): Promise<LivenessSession> {
    return this.db.livenessSession.create({ data: input });
  }

  find(tenantId: string, id: string): Promise<LivenessSession | null> {
    return this.db.livenessSession.findFirst({ where: { id, tenantId } });
  }

  /** Failed verdicts (SPOOF, INCONCLUSIVE) of one credential since `since`, newest first: the attempt limit. */
  failuresSince(credentialId: string, since: Date): Promise<{ decidedAt: Date | null }[]> {
    return this.db.livenessSession.findMany({
      where: { credentialId, decidedAt: { gte: since }, verdict: { in: ['SPOOF', 'INCONCLUSIVE'] } },
      select: { decidedAt: true },
      orderBy: { decidedAt: 'desc' },
    });
  }

  /** The frames' hashes already stored: a frame sent twice is refused. */
  async knownHashes(livenessSessionId: string, hashes: readonly string[]): Promise<Set<string>> {
    const rows = await this.db.livenessFrame.findMany({ where: { livenessSessionId, sha256: { in: [...hashes] } }, select: { sha256: true } });
    return new Set(rows.map((r) => r.sha256));
  }

  /**
   * Stores a chunk's frames and moves the session's cursor in one transaction, only if the session is
   * still OPEN at the expected next seq (a concurrent chunk or finish loses): false when it was not.
   */
  async addFrames(tenantId: string, id: string, expectedSeq: number, frames: readonly NewLivenessFrame[]): Promise<boolean> {
    const last = frames.at(-1);
    if (!last) return true;
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.livenessSession.updateMany({
        where: { id, tenantId, status: 'OPEN', framesReceived: expectedSeq },
        data: { framesReceived: expectedSeq + frames.length, lastTimestampMs: last.timestampMs },
      });
      if (count !== 1) return false;
      await tx.livenessFrame.createMany({
        data: frames.map((f) => ({
          ...f,
          features: f.features,
          tenantId,
          livenessSessionId: id,
          image: f.image ? Buffer.from(f.image) : null,
        })),
      });
      return true;
    });
  }

  /** Records why frames were refused (each code once). */
  async addViolation(tenantId: string, id: string, code: string): Promise<void> {
    // Read first: the column is NULL until the first refusal, and SQL's `has` is not true on NULL.
    const session = await this.find(tenantId, id);
    if (!session || session.violations.includes(code)) return;
    await this.db.livenessSession.updateMany({ where: { id, tenantId }, data: { violations: { push: code } } });
  }

  /** OPEN -> DECIDING, once: false for a session already finishing or decided (a second finish). */
  async startDeciding(tenantId: string, id: string): Promise<boolean> {
    const { count } = await this.db.livenessSession.updateMany({ where: { id, tenantId, status: 'OPEN' }, data: { status: 'DECIDING' } });
    return count === 1;
  }

  frames(livenessSessionId: string): Promise<LivenessFrame[]> {
    return this.db.livenessFrame.findMany({ where: { livenessSessionId }, orderBy: { seq: 'asc' } });
  }

  /** The features of every frame, in seq order, without the images. */
  framesFeatures(livenessSessionId: string): Promise<Pick<LivenessFrame, 'seq' | 'features'>[]> {
    return this.db.livenessFrame.findMany({ where: { livenessSessionId }, orderBy: { seq: 'asc' }, select: { seq: true, features: true } });
  }

  /** The frames that kept their image (every few frames until the decision). */
  async imageSeqs(livenessSessionId: string): Promise<number[]> {
    const rows = await this.db.livenessFrame.findMany({ where: { livenessSessionId, image: { not: null } }, select: { seq: true }, orderBy: { seq: 'asc' } });
    return rows.map((r) => r.seq);
  }

  auditFrames(tenantId: string, livenessSessionId: string): Promise<Pick<LivenessFrame, 'seq' | 'timestampMs' | 'image' | 'imageFormat'>[]> {
    return this.db.livenessFrame.findMany({
      where: { tenantId, livenessSessionId, image: { not: null } },
      orderBy: { seq: 'asc' },
      select: { seq: true, timestampMs: true, image: true, imageFormat: true },
    });
  }

  /**
   * Stores the decision (DECIDING -> DECIDED, once), keeps the images of the audit frames and the
   * analysis of the reference frame, and erases the other frames' images and analyses.
   */
  async decide(id: string, decision: StoredDecision, keep: { auditSeqs: readonly number[]; referenceSeq: number | null }): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.livenessSession.updateMany({
        where: { id, status: 'DECIDING' },
        data: { ...decision, decision: decision.decision, status: 'DECIDED', decidedAt: new Date() },
      });
      if (count !== 1) return false;
      await tx.livenessFrame.updateMany({ where: { livenessSessionId: id, seq: { notIn: [...keep.auditSeqs] } }, data: { image: null, imageFormat: null } });
      const reference = keep.referenceSeq === null ? [] : [keep.referenceSeq];
      const dropped = await tx.livenessFrame.findMany({
        where: { livenessSessionId: id, seq: { notIn: reference }, analysisSessionId: { not: null } },
        select: { analysisSessionId: true },
      });
      const ids = dropped.flatMap((f) => (f.analysisSessionId ? [f.analysisSessionId] : []));
      if (ids.length) await tx.analysisSession.deleteMany({ where: { id: { in: ids } } });
      await tx.livenessFrame.updateMany({ where: { livenessSessionId: id, seq: { notIn: reference } }, data: { analysisSessionId: null } });
      return true;
    });
  }

  /** Erases the session with its frames, their analyses and the reference face (cascade). */
  async erase(tenantId: string, id: string): Promise<boolean> {
    const { count } = await this.db.livenessSession.deleteMany({ where: { id, tenantId } });
    return count === 1;
  }

  /** Sessions created before `before` (past their retention), at most `limit`. */
  pastRetention(before: Date, limit: number): Promise<{ id: string; tenantId: string }[]> {
    return this.db.livenessSession.findMany({ where: { createdAt: { lt: before } }, select: { id: true, tenantId: true }, take: limit });
  }

  /** Sessions DECIDING since before their expiry plus a margin (their decision job was lost), at most `limit`. */
  stuckDeciding(expiredBefore: Date, limit: number): Promise<{ id: string; tenantId: string }[]> {
    return this.db.livenessSession.findMany({
      where: { status: 'DECIDING', expiresAt: { lt: expiredBefore } },
      select: { id: true, tenantId: true },
      take: limit,
    });
  }

  /** Sessions still OPEN after they expired (never finished), at most `limit`. */
  abandoned(expiredBefore: Date, limit: number): Promise<{ id: string; tenantId: string }[]> {
    return this.db.livenessSession.findMany({ where: { status: 'OPEN', expiresAt: { lt: expiredBefore } }, select: { id: true, tenantId: true }, take: limit });
  }
}
