import type { Db } from './database.ts';
import type { Candidate, GalleryPort } from '../pipeline/identification.ts';
import type { Person, TenantSettings } from './generated/client.ts';
import { toFaceRecord, type FaceRecord } from './mappers/face.mapper.ts';
import { parseVectorLiteral, toVectorLiteral } from './vector.ts';

export type { Candidate, Person, TenantSettings };

/** A tenant's threshold overrides: a number sets it, null goes back to the server default, undefined leaves it. */
export interface ThresholdPatch {
  verifyThreshold?: number | null;
  identifyThreshold?: number | null;
  updatedBy: string | null;
}

export interface PersonPage {
  tenantId: string;
  search?: string | null;
  after?: { name: string; id: string } | null;
  limit: number;
}

/**
 * Persons, enrolled faces and every vector query. Each method takes the tenant and filters by it here,
 * never in resolvers. Cosine similarity = 1 - pgvector's cosine distance (`<=>`), on the HNSW index
 * over enrolled faces; the same SQL runs on PostgreSQL and on PGlite.
 */
export class GalleryRepository implements GalleryPort {
  constructor(
    private readonly db: Db,
    private readonly options: { efSearch: number },
  ) {}

  createPerson(tenantId: string, input: { name: string; externalId?: string | null }): Promise<Person> {
    return this.db.person.create({ data: { tenantId, name: input.name, externalId: input.externalId ?? null } });
  }

  async updatePerson(tenantId: string, id: string, input: { name?: string | null; externalId?: string | null }): Promise<Person | null> {
    const { count } = await this.db.person.updateMany({
      where: { id, tenantId },
      data: { ...(input.name ? { name: input.name } : {}), ...(input.externalId !== undefined ? { externalId: input.externalId } : {}) },
    });
    return count === 1 ? this.findPerson(tenantId, id) : null;
  }

  findPerson(tenantId: string, id: string): Promise<Person | null> {
    return this.db.person.findFirst({ where: { id, tenantId } });
  }

  findPersons(tenantId: string, ids: readonly string[]): Promise<Person[]> {
    return this.db.person.findMany({ where: { tenantId, id: { in: [...ids] } } });
  }

  /** Persons by name (then ID), optionally those whose name or external ID contains `search`. */
  pagePersons({ tenantId, search, after, limit }: PersonPage): Promise<Person[]> {
    return this.db.person.findMany({
      where: {
        tenantId,
        // Both filters apply together: the search, and the page after the cursor.
        AND: [
          ...(search
            ? [{ OR: [{ name: { contains: search, mode: 'insensitive' as const } }, { externalId: { contains: search, mode: 'insensitive' as const } }] }]
            : []),
          ...(after ? [{ OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] }] : []),
        ],
      },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: limit,
    });
  }

  /** Enrolled faces of many persons at once (one query for a page of persons). */
  async facesOfPersons(tenantId: string, personIds: readonly string[]): Promise<FaceRecord[]> {
    return (await this.db.face.findMany({ where: { tenantId, personId: { in: [...personIds] } }, orderBy: { createdAt: 'asc' } })).map(toFaceRecord);
  }

  /** Attaches a face to a person of the same tenant (the caller checks it has an embedding). */
  async enroll(tenantId: string, faceId: string, personId: string): Promise<boolean> {
    const { count } = await this.db.face.updateMany({ where: { id: faceId, tenantId }, data: { personId } });
    return count === 1;
  }

  /**
   * Erases a person: its enrolled faces (with their embeddings) and the person go in one transaction,
   * with an audit row that keeps only the IDs. Returns how many faces were erased, or null if unknown.
   */
  async deletePerson(tenantId: string, id: string): Promise<number | null> {
    return this.db.$transaction(async (tx) => {
      const person = await tx.person.findFirst({ where: { id, tenantId } });
      if (!person) return null;
      const { count } = await tx.face.deleteMany({ where: { tenantId, personId: id } });
      // Faces that were identified as this person no longer match anyone known.
      await tx.face.updateMany({ where: { tenantId, identityPersonId: id }, data: { identityPersonId: null, identityDecision: 'UNKNOWN' } });
      // And nobody is offered this person as a candidate any more.
      await tx.$executeRaw`UPDATE "Face" SET "identityCandidates" = COALESCE((SELECT jsonb_agg(c) FROM jsonb_array_elements("identityCandidates") c WHERE c->>'personId' <> ${id}), '[]'::jsonb) WHERE "tenantId" = ${tenantId} AND "identityCandidates" @> ${JSON.stringify([{ personId: id }])}::jsonb`;
      await tx.person.delete({ where: { id } });
      await tx.auditEvent.create({ data: { tenantId, action: 'PERSON_DELETED', subjectType: 'Person', subjectId: id, details: { facesErased: count } } });
      return count;
    });
  }

  /**
   * The `limit` enrolled faces nearest to `embedding` in the tenant. With pgvector 0.8's iterative
   * index scan, a tenant that holds a small share of the index still gets `limit` rows (a plain
   * filtered HNSW scan stops after ef_search candidates, most of them other tenants').
   */
  async nearestFaces(tenantId: string, embedding: readonly number[], limit: number): Promise<Candidate[]> {
    const vector = toVectorLiteral(embedding);
    return this.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL hnsw.iterative_scan = relaxed_order`);
      await tx.$executeRawUnsafe(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(this.options.efSearch, limit * 2))}`);
      const rows = await tx.$queryRaw<{ personId: string; faceId: string; similarity: number }[]>`
        SELECT "personId"::text AS "personId", "id"::text AS "faceId", 1 - ("embedding" <=> ${vector}::vector) AS similarity
        FROM "Face"
        WHERE "tenantId" = ${tenantId} AND "personId" IS NOT NULL AND "embedding" IS NOT NULL
        ORDER BY "embedding" <=> ${vector}::vector
        LIMIT ${limit}`;
      // relaxed_order may return rows slightly out of order: sort exactly.
      return rows.map((r) => ({ ...r, similarity: Number(r.similarity) })).sort((a, b) => b.similarity - a.similarity);
    });
  }

  /** The best face of each person among the nearest faces, best first: at most `topK` persons. */
  async candidates(tenantId: string, embedding: readonly number[], topK: number): Promise<Candidate[]> {
    const faces = await this.nearestFaces(tenantId, embedding, topK * 5);
    const best = new Map<string, Candidate>();
    for (const face of faces) if (!best.has(face.personId)) best.set(face.personId, face);
    return [...best.values()].slice(0, topK);
  }

  /** The tenant's own thresholds (null when it never set any). */
  /** Every tenant's own settings (the metrics' per-tenant rates), at most `limit`. */
  allTenantSettings(limit: number): Promise<TenantSettings[]> {
    return this.db.tenantSettings.findMany({ orderBy: { tenantId: 'asc' }, take: limit });
  }

  tenantSettings(tenantId: string): Promise<TenantSettings | null> {
    return this.db.tenantSettings.findUnique({ where: { tenantId } });
  }

  updateTenantSettings(tenantId: string, patch: ThresholdPatch): Promise<TenantSettings> {
    const data = {
      ...(patch.verifyThreshold !== undefined ? { verifyThreshold: patch.verifyThreshold } : {}),
      ...(patch.identifyThreshold !== undefined ? { identifyThreshold: patch.identifyThreshold } : {}),
      updatedBy: patch.updatedBy,
    };
    return this.db.tenantSettings.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
  }

  /** Embeddings of a person's enrolled faces (verifyPerson). */
  async personEmbeddings(tenantId: string, personId: string): Promise<{ faceId: string; embedding: number[] }[]> {
    const rows = await this.db.$queryRaw<{ faceId: string; embedding: string }[]>`
      SELECT "id"::text AS "faceId", "embedding"::text AS embedding FROM "Face"
      WHERE "tenantId" = ${tenantId} AND "personId" = ${personId}::uuid AND "embedding" IS NOT NULL`;
    return rows.map((r) => ({ faceId: r.faceId, embedding: parseVectorLiteral(r.embedding) }));
  }
}
