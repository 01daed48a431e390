import { describe, expect, it } from 'vitest';
import type { Face } from '../../src/db/generated/client.ts';
import { toFaceRecord } from '../../src/db/mappers/face.mapper.ts';

// The read model: a Face row becomes the pipeline's result types once, and a row that does not hold
// what its stage writes is refused with the column named instead of reaching a resolver half-typed.
const row = (overrides: Partial<Face> = {}): Face => ({
  id: '00000000-0000-4000-8000-000000000001',
  tenantId: 't',
  sessionId: '00000000-0000-4000-8000-000000000002',
  faceIndex: 0,
  boxX: 1,
  boxY: 2,
  boxWidth: 30,
  boxHeight: 40,
  score: 0.9,
  landmarks: [{ x: 1, y: 2 }],
  personId: null,
  detectedWithPadding: false,
  createdAt: new Date(0),
  landmarks68: null,
  poseYaw: null,
  posePitch: null,
  poseRoll: null,
  qualityScore: null,
  qualityPassed: null,
  qualityIssues: [],
  qualityReasons: null,
  embeddingModel: null,
  recognitionSkipped: null,
  liveScore: null,
  livenessVerdict: null,
  livenessModels: null,
  age: null,
  gender: null,
  genderProbability: null,
  deepfakeScore: null,
  deepfakeVerdict: null,
  emotion: null,
  emotionScores: null,
  identityDecision: null,
  identityPersonId: null,
  identitySimilarity: null,
  identityMargin: null,
  identityCandidates: null,
  ...overrides,
});

describe('toFaceRecord', () => {
  it('gives null for every stage that has not run, and the box and landmarks typed', () => {
    const face = toFaceRecord(row());
    expect(face.box).toEqual({ x: 1, y: 2, width: 30, height: 40 });
    expect([face.landmarks68, face.quality, face.recognition, face.liveness, face.ageGender, face.deepfake, face.emotion, face.identification]).toEqual(
      Array(8).fill(null),
    );
  });

  it('reads each stage back in its result type', () => {
    const face = toFaceRecord(
      row({
        qualityScore: 0.4,
        qualityPassed: false,
        qualityIssues: ['BLURRY'],
        qualityReasons: { detectorScore: 0.9, faceSizePx: 40, blur: 3, brightness: 0.5, poseYaw: null, posePitch: null },
        liveScore: 0.2,
        livenessVerdict: 'SPOOF',
        livenessModels: [{ model: 'm', liveScore: 0.2 }],
        emotion: 'HAPPY',
        emotionScores: [
          { emotion: 'HAPPY', probability: 0.8 },
          { emotion: 'SAD', probability: 0.2 },
        ],
        identityDecision: 'UNKNOWN',
        identityCandidates: [{ personId: 'p', similarity: 0.3 }],
      }),
    );
    expect(face.quality).toEqual({
      score: 0.4,
      passed: false,
      issues: ['BLURRY'],
      detectorScore: 0.9,
      faceSizePx: 40,
      blur: 3,
      brightness: 0.5,
      poseYaw: null,
      posePitch: null,
    });
    expect(face.liveness).toEqual({ liveScore: 0.2, verdict: 'SPOOF', perModel: [{ model: 'm', liveScore: 0.2 }] });
    expect(face.emotion).toMatchObject({ emotion: 'HAPPY', probability: 0.8 });
    expect(face.identification).toEqual({
      decision: 'UNKNOWN',
      personId: null,
      similarity: null,
      margin: null,
      candidates: [{ personId: 'p', similarity: 0.3 }],
    });
  });

  it('refuses a row whose JSON or label is not what its stage writes, naming the column', () => {
    expect(() => toFaceRecord(row({ qualityScore: 0.5, qualityIssues: ['blurry'], qualityReasons: {} }))).toThrow(/qualityIssues/);
    expect(() => toFaceRecord(row({ emotion: 'happy', emotionScores: [] }))).toThrow(/column emotion\b/);
    expect(() => toFaceRecord(row({ landmarks: [{ x: 'a' }] }))).toThrow(/column landmarks\b/);
  });
});
