// The face tracker on synthetic detections: people as unit embeddings seen with per-frame noise, boxes moved by hand.
import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/pipeline/geometry.ts';
import { cosineSimilarity } from '../../src/pipeline/similarity.ts';
import { aggregateFaces, bestFaceIndex } from '../../src/video/aggregates.ts';
import { greedyAssign, iou, predictBox } from '../../src/video/association.ts';
import { groupTracksByIdentity } from '../../src/video/identities.ts';
import { defaultConfidentThresholds, defaultTrackerThresholds } from '../../src/video/thresholds.ts';
import { createTracker, trackFaces } from '../../src/video/tracker.ts';
import type { VideoFace, VideoFrameFaces } from '../../src/video/types.ts';
import { personEmbedding, seededRandom } from '../liveness/synthetic.ts';

const random = seededRandom(18);
const [alice, bob, carol] = [personEmbedding(random, 128), personEmbedding(random, 128), personEmbedding(random, 128)] as [number[], number[], number[]];

/** The person seen in one frame: cosine ≈ 0.9 to the clean embedding (same-person frames of a clip sit at 0.7-0.97). */
function seen(embedding: readonly number[], noise = 0.5): number[] {
  const v = embedding.map((x) => x + (noise * (2 * random() - 1) * Math.sqrt(3)) / Math.sqrt(embedding.length));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function face(box: Box, person: readonly number[] | null, extra: Partial<VideoFace> = {}): VideoFace {
  return {
    box,
    landmarks5: [],
    score: 0.8,
    quality: 0.7,
    embedding: person ? seen(person) : null,
    liveScore: 0.95,
    deepfakeScore: 0.1,
    age: 30,
    gender: 'MALE',
    genderProbability: 0.9,
    ...extra,
  };
}

const box = (x: number, y: number, size = 100): Box => ({ x, y, width: size, height: size });
/** 10 fps: frame i at 100·i ms. */
const frame = (index: number, faces: VideoFace[]): VideoFrameFaces => ({ index, timestampMs: index * 100, width: 1280, height: 720, faces });
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('association', () => {
  it('IoU of equal boxes shifted by half their width is 1/3; the prediction carries the last velocity, at most maxExtrapolationMs', () => {
    expect(iou(box(0, 0), box(50, 0))).toBeCloseTo(1 / 3);
    expect(iou(box(0, 0), box(200, 0))).toBe(0);
    const v = { cx: 0.1, cy: 0, width: 0, height: 0 };
    expect(predictBox(box(0, 0), v, 100, 500).x).toBeCloseTo(10);
    expect(predictBox(box(0, 0), v, 5000, 500).x).toBeCloseTo(50);
  });

  it('greedy assignment takes the best pairs first and each row and column once; null pairs are never made', () => {
    expect(
      greedyAssign([
        [0.9, 0.8],
        [0.85, null],
      ]),
    ).toEqual([[0, 0]]);
    expect(
      greedyAssign([
        [0.9, 0.8],
        [0.95, 0.1],
      ]),
    ).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });
});

describe('trackFaces', () => {
  it('two faces crossing each other stay on their own tracks, with embeddings and (without them) by the constant-velocity prediction', () => {
    for (const withEmbeddings of [true, false]) {
      // Alice walks right, Bob left at the same height; at frame 10 their boxes coincide. The detector's order is no
      // identity (it sorts by score), so it flips from frame to frame.
      const frames = range(0, 21).map((i) => {
        const faces = [face(box(100 + 20 * i, 300), withEmbeddings ? alice : null), face(box(500 - 20 * i, 300), withEmbeddings ? bob : null)];
        return frame(i, i % 2 ? faces.reverse() : faces);
      });
      const tracks = trackFaces(frames);
      expect(tracks).toHaveLength(2);
      for (const t of tracks) {
        expect(t.frames).toBe(21);
        const xs = t.faces.map((f) => f.box.x);
        const direction = Math.sign(xs[1]! - xs[0]!);
        // Every step of a track goes the same way: no swap at the crossing.
        for (let k = 1; k < xs.length; k++) expect(Math.sign(xs[k]! - xs[k - 1]!)).toBe(direction);
      }
    }
  });

  it('a face that leaves and comes back elsewhere within maxMissedMs with the same embedding is the same track; after longer, or as someone else, a new one', () => {
    const gone = (back: number, person: number[]) => [
      ...range(0, 10).map((i) => frame(i, [face(box(200, 200), alice)])),
      ...range(back, back + 10).map((i) => frame(i, [face(box(700, 260), person)])),
    ];
    // Away 0.9 s (frames 10-18), back 500 px to the right: re-linked by the embedding alone.
    const relinked = trackFaces(gone(19, alice));
    expect(relinked).toHaveLength(1);
    expect(relinked[0]).toMatchObject({ trackId: 1, firstMs: 0, lastMs: 2800, frames: 20 });
    // Away 2.5 s: the track ended (maxMissedMs 2 s).
    expect(trackFaces(gone(35, alice)).map((t) => t.firstMs)).toEqual([0, 3500]);
    // Someone else appears where Alice had been, within maxMissedMs: a new track.
    const other = [...range(0, 10).map((i) => frame(i, [face(box(200, 200), alice)])), ...range(12, 20).map((i) => frame(i, [face(box(205, 200), bob)]))];
    expect(trackFaces(other).map((t) => t.firstMs)).toEqual([0, 1200]);
  });

  it('a cut to another person at the same place starts a new track at exactly that frame', () => {
    const frames = range(0, 40).map((i) => frame(i, [face(box(300 + (i % 3), 200), i < 20 ? alice : bob)]));
    const tracks = trackFaces(frames);
    expect(tracks.map((t) => [t.firstMs, t.lastMs, t.frames])).toEqual([
      [0, 1900, 20],
      [2000, 3900, 20],
    ]);
    // Two people, two identities.
    expect(groupTracksByIdentity(tracks, 0.5)).toEqual([[1], [2]]);
    // A small face (under identityMinFacePx) has no trustworthy embedding: overlap alone decides.
    const small = range(0, 40).map((i) => frame(i, [face(box(300, 200, 24), i < 20 ? alice : bob)]));
    expect(trackFaces(small)).toHaveLength(1);
  });

  it('one-frame detections are dropped as noise, the real track kept whole', () => {
    const frames = range(0, 30).map((i) => {
      const faces = [face(box(300, 200), carol)];
      // A stray detection every third frame, each somewhere else, each "someone" else.
      if (i % 3 === 0) faces.push(face(box(50 + 37 * i, 500, 40), personEmbedding(random, 128), { score: 0.55 }));
      return frame(i, faces);
    });
    const tracks = trackFaces(frames);
    expect(tracks).toHaveLength(1);
    expect(tracks[0]!.frames).toBe(30);
    expect(cosineSimilarity(tracks[0]!.aggregates.meanEmbedding!, carol)).toBeGreaterThan(0.95);
  });

  it('announces each track once as it forms (at minFrames) and once as it ends; finish ends the rest', () => {
    const tracker = createTracker();
    const push = (i: number, faces: VideoFace[]) => tracker.push(frame(i, faces));
    expect(push(0, [face(box(100, 100), alice)])).toEqual({ formed: [], ended: [] });
    const second = push(1, [face(box(102, 100), alice), face(box(800, 100), bob)]);
    expect(second.formed.map((t) => [t.trackId, t.firstMs, t.frames])).toEqual([[1, 0, 2]]);
    expect(push(2, [face(box(802, 100), bob)]).formed.map((t) => [t.trackId, t.firstMs])).toEqual([[2, 100]]);
    // Alice last seen at 100 ms: gone for more than 2 s at 2200 ms.
    const later = push(22, [face(box(804, 100), bob)]);
    expect(later.ended.map((t) => [t.trackId, t.lastMs])).toEqual([[1, 100]]);
    expect(tracker.finish().map((t) => [t.trackId, t.firstMs, t.lastMs, t.frames])).toEqual([[2, 100, 2200, 3]]);
    expect(() => tracker.push(frame(23, []))).toThrow(/finished/);
    const ordered = createTracker();
    ordered.push(frame(5, []));
    expect(() => ordered.push(frame(4, []))).toThrow(/before the previous/);
  });

  it('the best face is the highest-quality one', () => {
    const frames = range(0, 6).map((i) => frame(i, [face(box(300, 200), alice, { quality: i === 4 ? 0.9 : 0.5 })]));
    const [track] = trackFaces(frames);
    expect(track!.bestFrameIndex).toBe(4);
    expect(track!.bestFace.quality).toBe(0.9);
    // Without quality the detector score decides.
    expect(bestFaceIndex([face(box(0, 0), null, { quality: null, score: 0.6 }), face(box(0, 0), null, { quality: null, score: 0.9 })])).toBe(1);
  });
});

describe('groupTracksByIdentity', () => {
  it('groups tracks of one person, and does not chain two people through a track between them (complete linkage)', () => {
    const [template] = trackFaces(range(0, 2).map((i) => frame(i, [face(box(0, 0), alice)])));
    const track = (trackId: number, meanEmbedding: number[] | null) => ({ ...template!, trackId, aggregates: { ...template!.aggregates, meanEmbedding } });
    const unitSum = alice.map((x, i) => (x + bob[i]!) / Math.hypot(...alice.map((y, k) => y + bob[k]!)));
    // Alice twice, Bob, a blend 0.7 to each of them, and a track without an embedding.
    const tracks = [track(1, alice), track(2, seen(alice, 0.3)), track(3, bob), track(4, unitSum), track(5, null)];
    // The blend joins one side (Bob's: to Alice's group its weakest link is lower); single linkage would have made one group of four.
    expect(groupTracksByIdentity(tracks, 0.5)).toEqual([[1, 2], [3, 4], [5]]);
    expect(groupTracksByIdentity([], 0.5)).toEqual([]);
  });
});

describe('track aggregates', () => {
  const options = { confident: defaultConfidentThresholds, embeddingOutlierSimilarity: defaultTrackerThresholds.identityMinSimilarity };

  it('a real track stays real, age and gender stay put, the mean embedding stays the person despite a few outlier frames', () => {
    const faces = range(0, 20).map((i) => {
      const odd = i === 7;
      return face(box(0, 0), odd ? bob : alice, {
        deepfakeScore: odd ? 0.97 : 0.05 + 0.005 * i,
        age: [3, 11, 15].includes(i) ? 70 : 30 + (i % 3),
        gender: [3, 11, 15].includes(i) ? 'FEMALE' : 'MALE',
        genderProbability: 0.85,
      });
    });
    const a = aggregateFaces(faces, { ...options, verdict: { fakeAt: 0.7, realBelow: 0.3 } });
    // 19 of 20 frames confidently real: their mean, untouched by the one odd frame.
    expect(a.deepfakeStrategy).toBe('CONFIDENT_REAL');
    expect(a.deepfakeScore!).toBeLessThan(0.11);
    expect(a.deepfakeVerdict).toBe('REAL');
    expect(a.age).toBe(31);
    expect(a.gender).toBe('MALE');
    expect(a.genderProbability).toBeCloseTo(0.85);
    // Bob's frame (a face caught in passing) is left out of the mean.
    expect(cosineSimilarity(a.meanEmbedding!, alice)).toBeGreaterThan(0.97);
    expect(Math.hypot(...a.meanEmbedding!)).toBeCloseTo(1);
  });

  it('a manipulated track is not diluted by its good-looking frames (the DFDC confident strategy)', () => {
    const scores = range(0, 20).map((i) => (i % 2 ? 0.95 : 0.3));
    const a = aggregateFaces(
      scores.map((s) => face(box(0, 0), alice, { deepfakeScore: s })),
      { ...options, verdict: { fakeAt: 0.7, realBelow: 0.3 } },
    );
    expect(a.deepfakeStrategy).toBe('CONFIDENT_FAKE');
    expect(a.deepfakeScore!).toBeCloseTo(0.95);
    expect(a.deepfakeVerdict).toBe('FAKE');
    // The plain mean would have been UNCERTAIN.
    expect(scores.reduce((s, v) => s + v, 0) / scores.length).toBeLessThan(0.7);
  });

  it('stages that did not run give nulls, not zeros', () => {
    const a = aggregateFaces([face(box(0, 0), null, { deepfakeScore: null, liveScore: null, age: null, gender: null, genderProbability: null })], options);
    expect(a).toEqual({
      deepfakeScore: null,
      deepfakeStrategy: null,
      liveScore: null,
      liveStrategy: null,
      age: null,
      gender: null,
      genderProbability: null,
      meanEmbedding: null,
    });
  });
});
