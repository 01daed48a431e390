/**
 * A SORT-style face tracker over sampled frames: each frame's faces continue the open tracks they
 * overlap (or are predicted to overlap) unless their embedding says another person, or re-link to a
 * track by embedding alone after a gap or a cut; the rest start tracks. Pure and incremental, so a
 * progress stream can announce tracks as they form and end.
 */
import type { VerdictThresholds } from '../pipeline/verdicts.ts';
import { aggregateFaces, bestFaceIndex } from './aggregates.ts';
import { affinity, boxVelocity, greedyAssign, iou, predictBox, type BoxVelocity, type TrackCue } from './association.ts';
import { defaultConfidentThresholds, defaultTrackerThresholds, type ConfidentThresholds, type TrackerThresholds } from './thresholds.ts';
import type { FaceTrack, VideoFace, VideoFrameFaces } from './types.ts';

export interface TrackerOptions {
  thresholds?: Partial<TrackerThresholds>;
  confident?: Partial<ConfidentThresholds>;
  /** When given, each track's deepfake aggregate gets a verdict (DEEPFAKE_FAKE_AT / DEEPFAKE_REAL_BELOW). */
  verdict?: Pick<VerdictThresholds, 'fakeAt' | 'realBelow'>;
}

/** What one frame changed: tracks that reached minFrames (announced once) and tracks that ended. */
export interface TrackerUpdate {
  formed: FaceTrack[];
  ended: FaceTrack[];
}

export interface Tracker {
  /** Frames in presentation order; a frame earlier than the last one throws. */
  push(frame: VideoFrameFaces): TrackerUpdate;
  /** Ends every open track; returns those that had formed. The tracker takes no frames after it. */
  finish(): FaceTrack[];
}

interface Sighting {
  frameIndex: number;
  timestampMs: number;
  faceIndex: number;
  face: VideoFace;
}

interface OpenTrack {
  /** Null until the track has minFrames sightings. */
  trackId: number | null;
  sightings: Sighting[];
  velocity: BoxVelocity | null;
  /** Sum of the unit embeddings; its direction is the running mean. */
  embeddingSum: number[] | null;
  latestEmbedding: number[] | null;
}

const unit = (v: readonly number[]): number[] | null => {
  const n = Math.hypot(...v);
  return n > 0 ? v.map((x) => x / n) : null;
};

const last = (t: OpenTrack): Sighting => t.sightings[t.sightings.length - 1]!;

function addSighting(track: OpenTrack, s: Sighting): void {
  const previous = track.sightings[track.sightings.length - 1];
  // A jump to a box that does not overlap the last one is a re-link after a cut or a gap, not motion to extrapolate.
  track.velocity = previous && iou(previous.face.box, s.face.box) > 0 ? boxVelocity(previous.face.box, s.face.box, s.timestampMs - previous.timestampMs) : null;
  track.sightings.push(s);
  const e = s.face.embedding ? unit(s.face.embedding) : null;
  if (!e) return;
  track.latestEmbedding = e;
  track.embeddingSum = track.embeddingSum ? track.embeddingSum.map((x, i) => x + (e[i] ?? 0)) : [...e];
}

export function createTracker(options: TrackerOptions = {}): Tracker {
  const t: TrackerThresholds = { ...defaultTrackerThresholds, ...options.thresholds };
  const aggregate = {
    confident: { ...defaultConfidentThresholds, ...options.confident },
    // A frame that is clearly not the track's person (a face caught in passing) does not pull its mean.
    embeddingOutlierSimilarity: t.identityMinSimilarity,
    ...(options.verdict ? { verdict: options.verdict } : {}),
  };
  let open: OpenTrack[] = [];
  let nextId = 1;
  let lastMs = Number.NEGATIVE_INFINITY;
  let finished = false;

  const snapshot = (track: OpenTrack): FaceTrack => {
    const faces = track.sightings.map((s) => s.face);
    const best = track.sightings[bestFaceIndex(faces)]!;
    return {
      trackId: track.trackId!,
      firstMs: track.sightings[0]!.timestampMs,
      lastMs: last(track).timestampMs,
      frames: track.sightings.length,
      bestFrameIndex: best.frameIndex,
      bestFace: best.face,
      aggregates: aggregateFaces(faces, aggregate),
      faces: track.sightings.map(({ frameIndex, timestampMs, faceIndex, face }) => ({ frameIndex, timestampMs, faceIndex, box: face.box })),
    };
  };

  const cue = (track: OpenTrack, atMs: number): TrackCue => {
    const l = last(track);
    return {
      lastBox: l.face.box,
      predictedBox: predictBox(l.face.box, track.velocity, atMs - l.timestampMs, t.maxExtrapolationMs),
      meanEmbedding: track.embeddingSum ? unit(track.embeddingSum) : null,
      latestEmbedding: track.latestEmbedding,
    };
  };

  return {
    push(frame) {
      if (finished) throw new Error('the tracker is finished');
      if (frame.timestampMs < lastMs) throw new Error(`frame ${frame.index} at ${frame.timestampMs} ms comes before the previous one at ${lastMs} ms`);
      lastMs = frame.timestampMs;
      const ended: FaceTrack[] = [];
      // Tracks missing for longer than maxMissedMs end before this frame is associated: they cannot take its faces.
      open = open.filter((track) => {
        if (frame.timestampMs - last(track).timestampMs <= t.maxMissedMs) return true;
        if (track.trackId !== null) ended.push(snapshot(track));
        return false;
      });
      const cues = open.map((track) => cue(track, frame.timestampMs));
      const scores = cues.map((c) => frame.faces.map((f) => affinity(c, f, t)));
      const taken = new Set<number>();
      for (const [row, column] of greedyAssign(scores)) {
        addSighting(open[row]!, { frameIndex: frame.index, timestampMs: frame.timestampMs, faceIndex: column, face: frame.faces[column]! });
        taken.add(column);
      }
      frame.faces.forEach((face, faceIndex) => {
        if (taken.has(faceIndex)) return;
        const track: OpenTrack = { trackId: null, sightings: [], velocity: null, embeddingSum: null, latestEmbedding: null };
        addSighting(track, { frameIndex: frame.index, timestampMs: frame.timestampMs, faceIndex, face });
        open.push(track);
      });
      const formed: FaceTrack[] = [];
      for (const track of open) {
        if (track.trackId !== null || track.sightings.length < t.minFrames) continue;
        track.trackId = nextId++;
        formed.push(snapshot(track));
      }
      return { formed, ended };
    },
    finish() {
      finished = true;
      const ended = open.filter((track) => track.trackId !== null).map(snapshot);
      open = [];
      return ended;
    },
  };
}

/** Every kept track of a whole sequence of frames, by trackId (the order they formed in). */
export function trackFaces(frames: readonly VideoFrameFaces[], options: TrackerOptions = {}): FaceTrack[] {
  const tracker = createTracker(options);
  const tracks = frames.flatMap((f) => tracker.push(f).ended);
  tracks.push(...tracker.finish());
  return tracks.sort((a, b) => a.trackId - b.trackId);
}
