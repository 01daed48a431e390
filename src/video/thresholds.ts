/** Every number the face tracker and its per-track aggregates use, with why. */

export interface TrackerThresholds {
  /** A face joins a track on overlap when IoU with the track's last or predicted box is at least this. */
  minIou: number;
  /** ...and, when both have embeddings, its cosine to the track (running mean or latest face) is at least this. */
  identityMinSimilarity: number;
  /** ...when both faces are at least this many pixels on their shorter side (smaller ones join on overlap alone). */
  identityMinFacePx: number;
  /** A face that does not overlap the track still joins it at or above this cosine (same person after a gap or a cut). */
  relinkMinSimilarity: number;
  /** ...when both that face and the track's last one are at least this many pixels on their shorter side. */
  relinkMinFacePx: number;
  /** A track not seen for longer than this ends, ms. */
  maxMissedMs: number;
  /** The constant-velocity prediction runs at most this far past the last sighting, ms. */
  maxExtrapolationMs: number;
  /** Tracks with fewer frames are dropped as noise (never announced). */
  minFrames: number;
}

export const defaultTrackerThresholds: Readonly<TrackerThresholds> = {
  // SORT's gate. Boxes of equal size overlap 0.3 at a shift of half their width; at 5-10 fps a walking face moves less between
  // frames, and the constant-velocity prediction takes up steady motion.
  minIou: 0.3,
  // RECOGNITION_THRESHOLD's default, the LFW cosine at FAR 1e-3: below it the face is another person (no LFW impostor pair reached 0.342).
  identityMinSimilarity: 0.35,
  // QUALITY's size factor is 0 below 32 px (the 112-px crop upsampled 3.5x+): on the clips 5% of same-person neighbours
  // that small fell under 0.35, which would cut tracks of distant faces into pieces.
  identityMinFacePx: 32,
  // Without overlap the embedding is the only evidence: 0.5 is far above every LFW impostor pair (max 0.342), and frames
  // of one clip (same light, same camera) sit higher than LFW's different photos (89% of whose genuine pairs pass it).
  relinkMinSimilarity: 0.5,
  // QUALITY's SMALL_FACE size. Smaller faces, upsampled to the 112-px crop, give embeddings that cannot stand alone: on the
  // clips, different people under 64 px reached cosine 0.89 in one frame, while those above it stayed under 0.45.
  relinkMinFacePx: 64,
  // A face looking down or behind a hand for up to 2 s (clip 01 loses it for ~2 s) keeps its track; a longer absence is a new one.
  maxMissedMs: 2000,
  // Half a second of walking is still steady motion; past it a person turns or stops, and the last box is as good a guess.
  maxExtrapolationMs: 500,
  // One frame is a stray detection (a poster, a pattern); a face seen in two sampled frames is there.
  minFrames: 2,
};

/** The DFDC winner's confident strategy (Seferbekov, 2020), on p(real) as src/liveness/pad.ts takes it. */
export interface ConfidentThresholds {
  /** p(real) below this is confidently fake (manipulation score above 1 − this). */
  padConfidentFake: number;
  /** Share of confidently fake frames that makes the score their mean. */
  padConfidentFakeFraction: number;
  /** ...and their least number. */
  padConfidentFakeMinFrames: number;
  /** p(real) above this is confidently real. */
  padConfidentReal: number;
  /** Share of confidently real frames (more than) that makes the score their mean. */
  padConfidentRealFraction: number;
}

export const defaultConfidentThresholds: Readonly<ConfidentThresholds> = {
  // The DFDC strategy's own numbers: 0.8 fake (0.2 real), a share of 1/2.5, and 0.9 of frames for the real branch.
  padConfidentFake: 0.2,
  padConfidentFakeFraction: 0.4,
  // Its 11 of 32 frames scaled to a 5-10 fps track: 3, so a short manipulated track still counts.
  padConfidentFakeMinFrames: 3,
  padConfidentReal: 0.8,
  padConfidentRealFraction: 0.9,
};
