import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { FaceResultsRepository } from '../../src/db/face-results.repository.ts';
import { SessionsRepository } from '../../src/db/sessions.repository.ts';
import type { DetectedFace } from '../../src/pipeline/geometry.ts';
import { copyPgliteTemplate } from '../support/pglite-template.ts';

// The one-statement-per-stage writes (src/db/stage-writes.sql.ts), checked column by column on a real database.
describe('FaceResultsRepository.saveStage', () => {
  let dir: string;
  let db: Database;
  let repo: FaceResultsRepository;
  let sessions: SessionsRepository;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'facesocial-writes-'));
    await copyPgliteTemplate(dir);
    db = await openDatabase(loadConfig({ DATA_DIR: dir, DATABASE_URL: undefined }));
    repo = new FaceResultsRepository(db.prisma);
    sessions = new SessionsRepository(db.prisma);
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const face = (x: number): DetectedFace => ({ box: { x, y: 10, width: 50, height: 60 }, score: 0.9, landmarks: [{ x: x + 10, y: 20 }] });
  const times = (ms: number) => ({ model: 'm', startedAt: new Date(1000), finishedAt: new Date(1000 + ms), durationMs: ms });

  it('writes faces, each per-face stage and its run; a rerun that finds fewer faces drops the extra ones and keeps IDs', async () => {
    const session = await sessions.create({ tenantId: 't1', stages: ['DETECTION'], image: { width: 100, height: 100, format: 'jpeg', bytes: 1, sha256: 'x' } });
    const ref = { id: session.id, tenantId: 't1' };
    const ids = await repo.saveStage(ref, { stage: 'DETECTION', result: { faces: [face(0), face(100)], padded: true }, ...times(5) });
    expect([...ids.keys()]).toEqual([0, 1]);

    await repo.saveStage(ref, {
      stage: 'ANTI_SPOOFING',
      result: {
        faces: [
          { liveScore: 0.9, verdict: 'LIVE', perModel: [{ model: 'a', liveScore: 0.9 }] },
          { liveScore: 0.1, verdict: 'SPOOF', perModel: [] },
        ],
      },
      ...times(2),
    });
    await repo.saveStage(ref, {
      stage: 'QUALITY',
      result: {
        faces: [
          { score: 0.8, passed: true, issues: [], detectorScore: 0.9, faceSizePx: 50, blur: 30, brightness: 0.5, poseYaw: 1, posePitch: 2 },
          {
            score: 0.1,
            passed: false,
            issues: ['BLURRY', 'SMALL_FACE'],
            detectorScore: 0.9,
            faceSizePx: 20,
            blur: 1,
            brightness: null,
            poseYaw: null,
            posePitch: null,
          },
        ],
      },
      ...times(1),
    });
    await repo.saveStage(ref, {
      stage: 'RECOGNITION',
      result: {
        model: 'rec',
        faces: [
          { embedding: Array.from({ length: 512 }, (_, i) => (i === 3 ? 1 : 0)), skipped: null },
          { embedding: null, skipped: 'LOW_QUALITY' },
        ],
      },
      ...times(3),
    });
    await repo.saveStage(ref, {
      stage: 'AGE_GENDER',
      result: {
        faces: [
          { age: 40, gender: 'MALE', genderProbability: 0.8 },
          { age: 7, gender: 'FEMALE', genderProbability: 0.6 },
        ],
      },
      ...times(1),
    });
    await repo.saveStage(ref, {
      stage: 'DEEPFAKE',
      result: {
        faces: [
          { fakeScore: 0.9, verdict: 'FAKE' },
          { fakeScore: 0, verdict: 'REAL' },
        ],
      },
      ...times(1),
    });
    await repo.saveStage(ref, { stage: 'ALIGNMENT', result: { faces: 2 }, ...times(1) });

    const rows = await db.prisma.face.findMany({ where: { sessionId: session.id }, orderBy: { faceIndex: 'asc' } });
    expect(rows.map((r) => [r.id, r.tenantId, r.boxX, r.detectedWithPadding])).toEqual([
      [ids.get(0), 't1', 0, true],
      [ids.get(1), 't1', 100, true],
    ]);
    expect(rows.map((r) => [r.liveScore, r.livenessVerdict, r.livenessModels])).toEqual([
      [0.9, 'LIVE', [{ model: 'a', liveScore: 0.9 }]],
      [0.1, 'SPOOF', []],
    ]);
    expect(rows.map((r) => [r.qualityScore, r.qualityPassed, r.qualityIssues])).toEqual([
      [0.8, true, []],
      [0.1, false, ['BLURRY', 'SMALL_FACE']],
    ]);
    expect(rows[1]?.qualityReasons).toMatchObject({ faceSizePx: 20, brightness: null });
    expect(rows.map((r) => [r.embeddingModel, r.recognitionSkipped])).toEqual([
      ['rec', null],
      ['rec', 'LOW_QUALITY'],
    ]);
    expect(rows.map((r) => [r.age, r.gender, r.deepfakeVerdict])).toEqual([
      [40, 'MALE', 'FAKE'],
      [7, 'FEMALE', 'REAL'],
    ]);
    const embeddings = await repo.embeddings(
      't1',
      rows.map((r) => r.id),
    );
    expect(embeddings.get(rows[0]?.id as string)?.[3]).toBe(1);
    expect(embeddings.has(rows[1]?.id as string)).toBe(false);
    expect(
      (
        await repo.embeddings(
          'another-tenant',
          rows.map((r) => r.id),
        )
      ).size,
    ).toBe(0);

    const runs = await sessions.stageRuns([session.id]);
    expect(runs.map((r) => [r.stage, r.status, r.model, r.durationMs]).sort()).toEqual([
      ['AGE_GENDER', 'COMPLETED', 'm', 1],
      ['ALIGNMENT', 'COMPLETED', 'm', 1],
      ['ANTI_SPOOFING', 'COMPLETED', 'm', 2],
      ['DEEPFAKE', 'COMPLETED', 'm', 1],
      ['DETECTION', 'COMPLETED', 'm', 5],
      ['QUALITY', 'COMPLETED', 'm', 1],
      ['RECOGNITION', 'COMPLETED', 'm', 3],
    ]);

    // Rerun of DETECTION (a redelivered job) finding one face: face 0 keeps its ID, face 1 is gone, the run is rewritten.
    const again = await repo.saveStage(ref, { stage: 'DETECTION', result: { faces: [face(1)], padded: false }, ...times(9) });
    expect(again.get(0)).toBe(ids.get(0));
    const after = await db.prisma.face.findMany({ where: { sessionId: session.id } });
    expect(after.map((r) => [r.faceIndex, r.boxX, r.detectedWithPadding])).toEqual([[0, 1, false]]);
    expect((await sessions.stageRuns([session.id])).find((r) => r.stage === 'DETECTION')?.durationMs).toBe(9);
  });
});
