import { describe, expect, it } from 'vitest';
import { frameFeaturesFromResults } from '../../src/liveness/features.ts';
import type { DetectedFace } from '../../src/pipeline/geometry.ts';
import type { LandmarksResult, LivenessResult, QualityResult, RecognitionResult } from '../../src/pipeline/results.ts';

const face = (x: number, width: number): DetectedFace => ({
  box: { x, y: 10, width, height: width * 1.2 },
  score: 0.9,
  landmarks: [0, 1, 2, 3, 4].map((k) => ({ x: x + k, y: 20 })),
});
const landmarks = (x: number): LandmarksResult => ({ points: Array.from({ length: 68 }, () => ({ x, y: 0 })), pose: { yaw: 0, pitch: 0, roll: 0 } });
const quality = (score: number): QualityResult => ({
  score,
  passed: true,
  issues: [],
  detectorScore: 0.9,
  faceSizePx: 100,
  blur: 100,
  brightness: 0.4,
  poseYaw: 0,
  posePitch: 0,
});
const live = (liveScore: number): LivenessResult => ({ liveScore, verdict: 'LIVE', perModel: [] });
const frame = { seq: 3, timestampMs: 300, width: 640, height: 480 };

describe('frameFeaturesFromResults', () => {
  it('maps the one face of each stage by index', () => {
    const recognition: RecognitionResult[] = [{ embedding: [0.6, 0.8], skipped: null }];
    const f = frameFeaturesFromResults({
      ...frame,
      results: {
        DETECTION: { faces: [face(100, 200)], padded: false },
        LANDMARKS: { faces: [landmarks(150)] },
        QUALITY: { faces: [quality(0.8)] },
        ANTI_SPOOFING: { faces: [live(0.97)] },
        RECOGNITION: { model: 'm', faces: recognition },
      },
    });
    expect(f).toMatchObject({ ...frame, faceCount: 1, brightness: 0.4 });
    expect(f.face).toMatchObject({ liveScore: 0.97, embedding: [0.6, 0.8], quality: 0.8, box: face(100, 200).box });
    expect(f.face!.landmarks68).toHaveLength(68);
    expect(f.face!.landmarks5).toHaveLength(5);
  });

  it('keeps the subject and ignores a far smaller face in the background', () => {
    const f = frameFeaturesFromResults({
      ...frame,
      results: { DETECTION: { faces: [face(0, 40), face(200, 200)], padded: false }, ANTI_SPOOFING: { faces: [live(0.1), live(0.9)] } },
    });
    expect(f.faceCount).toBe(1);
    expect(f.face).toMatchObject({ liveScore: 0.9, landmarks68: null, embedding: null, quality: null });
  });

  it('two similar faces: faceCount 2 and no face; none: faceCount 0', () => {
    const two = frameFeaturesFromResults({ ...frame, results: { DETECTION: { faces: [face(0, 150), face(300, 180)], padded: false } } });
    expect(two).toMatchObject({ faceCount: 2, face: null });
    expect(frameFeaturesFromResults({ ...frame, results: {} })).toMatchObject({ faceCount: 0, face: null });
  });

  it('a face the quality gate stopped has no embedding', () => {
    const f = frameFeaturesFromResults({
      ...frame,
      results: { DETECTION: { faces: [face(0, 150)], padded: false }, RECOGNITION: { model: 'm', faces: [{ embedding: null, skipped: 'LOW_QUALITY' }] } },
    });
    expect(f.face!.embedding).toBeNull();
  });
});
