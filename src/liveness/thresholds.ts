/**
 * Every number the liveness decision uses, with why. They come from the method (the geometry of a
 * head, a blink's duration, the models' own calibrations), checked on synthetic faces in
 * test/liveness/; the real clips of the eval are a check, not what they were fitted to.
 */
export interface LivenessThresholds {
  /** Fewer frames with exactly one face: TOO_FEW_FRAMES. */
  minFrames: number;
  /** Below this frame rate (from the median interval): LOW_FRAME_RATE. */
  minFps: number;
  /** More than this share of the frames with several faces: MULTIPLE_FACES. */
  multipleFacesMaxFraction: number;
  /** With too few usable frames, NO_FACE (not TOO_FEW_FRAMES) when at least this share had no face. */
  noFaceMinFraction: number;

  /** A frame is shut when its eye openness falls below this share of the rolling baseline. */
  blinkCloseRatio: number;
  /** ...and open again at or above this share. */
  blinkOpenRatio: number;
  /** Longest span from the first to the last shut frame of one blink, ms. */
  blinkMaxClosedMs: number;
  /** Width of the rolling median that is the open-eye baseline, ms. */
  blinkBaselineWindowMs: number;
  /** A shut frame must also be this many robust standard deviations of the session's ratio below the baseline. */
  blinkNoiseMultiple: number;
  /** The rigid landmarks may deform this much (or parallaxNoiseMultiple × the jitter) from the last open frame during a blink (interocular distances). */
  blinkMaxDeformation: number;

  /** |yaw proxy| at or past this is a turn. */
  turnYaw: number;
  /** A turn ends when |yaw proxy| falls below this. */
  turnExitYaw: number;
  /** Frames past turnYaw that make a turn. */
  turnMinFrames: number;

  /** Pitch proxy this far from its session median is a nod. */
  nodPitch: number;
  /** ...which ends back within this. */
  nodExitPitch: number;
  nodMinFrames: number;

  /** A frame is judged for parallax when its landmarks deformed beyond a similarity by at least this (interocular distances)... */
  parallaxMinDeformation: number;
  /** ...and by at least this many times the session's landmark jitter. */
  parallaxNoiseMultiple: number;
  /** Judged frames needed to call a session planar or not. */
  parallaxMinFrames: number;
  /** Frontal frames every other frame is compared with. */
  parallaxReferences: number;
  /** Planar when the judged frames' homography residual is at most this many times the jitter. */
  planarMaxRatio: number;
  /** Non-planar when it is at least this many times the jitter... */
  nonPlanarMinRatio: number;
  /** ...and at least this many interocular distances. */
  nonPlanarMinResidual: number;

  /** Cosine similarity to the reference face below which a frame shows someone else. */
  identityMinSimilarity: number;
  /** Frames this close in time are compared with each other as well as with the reference, ms. */
  identityLinkWindowMs: number;
  /** Frames not connected to the reference that make IDENTITY_SWITCH. */
  identitySwitchMinFrames: number;

  /** A frame's p(real) below this is confidently fake. */
  padConfidentFake: number;
  /** Share of confidently fake frames that makes the session score their mean. */
  padConfidentFakeFraction: number;
  /** ...and their least number. */
  padConfidentFakeMinFrames: number;
  /** A frame's p(real) above this is confidently real. */
  padConfidentReal: number;
  /** Share of confidently real frames (more than) that makes the session score their mean. */
  padConfidentRealFraction: number;
  /** Session PAD score below this: PAD_FAILED (SPOOF). */
  padSpoofBelow: number;
  /** ...at or above this it passes; between the two, PAD_UNCERTAIN. */
  padLiveAt: number;

  /** The reference face is the best-quality frame with |yaw proxy| within this (else the most frontal). */
  referenceMaxYaw: number;
  /** Frames kept for review, the reference included. */
  auditFrames: number;

  /** Hint MOVE_CLOSER when the face box is narrower than this share of the frame's shorter side. */
  hintMinFaceFraction: number;
  /** Hint MOVE_BACK when it is wider than this share. */
  hintMaxFaceFraction: number;
  /** Hint MORE_LIGHT when the face's mean luma (0..1) is below this. */
  hintMinBrightness: number;
  /** Hint HOLD_STILL when the eye midpoint moves faster than this many interocular distances per second. */
  hintMaxSpeed: number;
  /** Hint TURN_FURTHER when a turn step's yaw is past this share of turnYaw but not yet at it. */
  hintTurnFurtherFraction: number;
}

export const defaultLivenessThresholds: Readonly<LivenessThresholds> = {
  // One second at the minimum rate: room for open-shut-open and a turn's frames, and enough PAD scores to aggregate.
  minFrames: 10,
  // The 10 fps (a blink lasts 100-400 ms, so 1-4 frames), less 5% for capture-clock jitter.
  minFps: 9.5,
  // A stray detection in a frame or two is not a second person; one in a tenth of the frames is.
  multipleFacesMaxFraction: 0.1,
  noFaceMinFraction: 0.5,

  // The 0.75 of the open-eye baseline; a blink takes EAR from ~0.3 to under 0.1, so it is far past it.
  blinkCloseRatio: 0.75,
  // Hysteresis: 0.9 is within the frame-to-frame jitter of an open eye, and clear of a half-shut one.
  blinkOpenRatio: 0.9,
  // 1-6 frames at 10 fps (the issue): up to 500 ms between the first and last shut frame.
  blinkMaxClosedMs: 500,
  // Several blink lengths, so a blink never moves the median; short enough to follow a smile or a slow nod.
  blinkBaselineWindowMs: 2000,
  // With 3% landmark jitter an open eye's ratio wobbles by ~0.18 and crosses 0.75 in ~8% of frames; 4 robust
  // deviations (1 frame in 30,000 for Gaussian jitter) keeps jitter from blinking while a real blink (ratio ~0.1-0.3) still counts.
  blinkNoiseMultiple: 4,
  // About 6° of head rotation on the mean face: more than a head turns in a 100-400 ms blink when asked to blink,
  // less than a photo tilted to fake one (the held-print test's false dips came with 0.06-0.14).
  blinkMaxDeformation: 0.03,

  // The proxy is (D/W)·tan(yaw) with D/W ≈ 0.3-0.6 on adult heads: 0.25 is a turn of about 20-40°, a deliberate
  // turn (0.5 near 30° on the test's mean face at arm's length, near 60° on OpenCV's model); natural sway (±10°) stays under 0.1.
  turnYaw: 0.25,
  turnExitYaw: 0.15,
  // Two frames: one frame past the line can be a landmark glitch (the "≥ 2 frames").
  turnMinFrames: 2,

  // The mean face's proxy moves 0.14 per 10° of pitch: 0.15 is a nod of about 10°, past the ±5° of speech.
  nodPitch: 0.15,
  nodExitPitch: 0.08,
  nodMinFrames: 2,

  // A 3-D head deforms by 0.04 at about 8° of yaw (the mean face); a held photo only when tilted sharply (20-40°).
  parallaxMinDeformation: 0.04,
  // At 3x the jitter, a head's parallax (~0.6 of the deformation) stands at ≥ 2x the jitter; a plane's stays at 1x.
  parallaxNoiseMultiple: 3,
  parallaxMinFrames: 3,
  // One reference's own landmark error is shared by all its comparisons (a tilted print read 1.8x its jitter
  // against one reference, 1.1x against five); five spread over the frontal frames average it out.
  parallaxReferences: 5,
  // Median residual / jitter of a plane is 1.0-1.2 (synthetic, 0.5-2% jitter; real photos tilted by hand through the real
  // landmark model: 1.0-1.3); a head turning ±35° gives 3-10 (synthetic, 2.3 at 3% jitter), the clips' real heads 4.6-25.
  planarMaxRatio: 1.5,
  nonPlanarMinRatio: 2,
  // Parallax residuals below 0.03 interocular distances are sub-pixel on a 100-px face: not evidence of depth.
  nonPlanarMinResidual: 0.03,

  // RECOGNITION_THRESHOLD's default: the LFW cosine at FAR 1e-3 (a different person passes 1 time in 1000).
  identityMinSimilarity: 0.35,
  // Within a second the pose changes little (same-person neighbours stay above 0.55 on the clips' turns and nods).
  identityLinkWindowMs: 1000,
  // One or two odd frames (a hand over the face, motion blur) are not a second person; a splice fills more.
  identitySwitchMinFrames: 3,

  // The DFDC strategy's cut (0.8 fake = 0.2 real), its share (1/2.5) and, scaled to 10-fps sessions, its
  // minimum count (11 of 32 frames there; 3 here, so a short replay still counts).
  padConfidentFake: 0.2,
  padConfidentFakeFraction: 0.4,
  padConfidentFakeMinFrames: 3,
  padConfidentReal: 0.8,
  padConfidentRealFraction: 0.9,
  // LIVENESS_SPOOF_BELOW and LIVENESS_LIVE_AT's defaults: the session verdict means what a single image's does.
  padSpoofBelow: 0.5,
  padLiveAt: 0.8,

  // Under ~6° of yaw: frontal enough for enrollFace / verifyFaces.
  referenceMaxYaw: 0.1,
  auditFrames: 5,

  // A face a quarter of the frame is ~120 px on a 480-p webcam: the 68-point and PAD crops need that much.
  hintMinFaceFraction: 0.25,
  // Past 80% the chin or forehead leaves the frame and PAD's 2.7x crop is mostly clipped.
  hintMaxFaceFraction: 0.8,
  // QUALITY flags TOO_DARK under 0.2; hint a little before the gate bites.
  hintMinBrightness: 0.25,
  // A 90°/s turn moves the eye midpoint ~2 interocular distances a second (the head pivots at the neck); faster is shaking.
  hintMaxSpeed: 3,
  hintTurnFurtherFraction: 0.5,
};

export function livenessThresholds(overrides: Partial<LivenessThresholds> = {}): LivenessThresholds {
  return { ...defaultLivenessThresholds, ...overrides };
}
