import type { Box, Point } from '../../src/pipeline/geometry.ts';
import type { RgbImage } from '../image/decode.ts';
import type { HeadPose, QualityIssue } from '../../src/pipeline/results.ts';

export type { QualityIssue };

/** Thresholds; a measurement on the wrong side of one raises the matching issue. */
export interface QualityThresholds {
  /** LOW_DETECTOR_SCORE below this (SCRFD gives ~0.8 on clear faces; its own cut is 0.5). */
  minDetectorScore: number;
  /** SMALL_FACE when min(box width, height) is below this many pixels (the aligned crop is 112). */
  minFaceSizePx: number;
  /** BLURRY when the variance of the Laplacian of the aligned crop's luma (0..255) is below this. */
  minBlurVariance: number;
  /** TOO_DARK / TOO_BRIGHT when mean luma (0..1) of the aligned crop is outside [min, max]. */
  minBrightness: number;
  maxBrightness: number;
  /** EXTREME_POSE when |yaw| or |pitch| (degrees) exceeds these. Roll is undone by alignment, so it is ignored. */
  maxAbsYaw: number;
  maxAbsPitch: number;
}

/**
 * Calibrated on LFW (1583 news photos, faces ~90 px, all recognisable): there the blur measure's 1st
 * percentile is 37 (median 169) and the geometric pose estimate's 98th percentiles are 44° yaw and
 * 40° pitch, so these flag only faces clearly worse than ordinary web photos.
 */
const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = {
  minDetectorScore: 0.6,
  minFaceSizePx: 64,
  minBlurVariance: 25,
  minBrightness: 0.2,
  maxBrightness: 0.85,
  maxAbsYaw: 45,
  maxAbsPitch: 40,
};

export interface QualityInput {
  detectorScore: number;
  box: Box;
  landmarks5: readonly Point[];
  alignedCrop?: RgbImage;
  pose?: HeadPose;
}

export interface QualityReport {
  /** 0..1: the lowest per-factor score; each factor is 0.5 exactly at its threshold and 1 comfortably past it. */
  score: number;
  reasons: {
    detectorScore: number;
    faceSizePx: number;
    interOcularPx: number;
    blur?: number;
    brightness?: number;
    poseYaw?: number;
    posePitch?: number;
    poseRoll?: number;
  };
  issues: QualityIssue[];
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
/** 0 at half the threshold, 0.5 at the threshold, 1 at 1.5x (higher is better). */
const atLeast = (value: number, threshold: number): number => clamp01((value - 0.5 * threshold) / threshold);
/** 1 at half the limit, 0.5 at the limit, 0 at 1.5x (lower is better). */
const atMost = (value: number, limit: number): number => clamp01((1.5 * limit - value) / limit);

/** Rec. 601 luma of each pixel, 0..255. */
export function luma(image: RgbImage): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n);
  const d = image.data;
  for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = 0.299 * (d[j] as number) + 0.587 * (d[j + 1] as number) + 0.114 * (d[j + 2] as number);
  return out;
}

/** Variance of the 4-neighbour Laplacian over the interior pixels (OpenCV's classic focus measure). */
export function laplacianVariance(gray: Float32Array, width: number, height: number): number {
  let sum = 0,
    sumSq = 0,
    n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const l = (gray[i - 1] as number) + (gray[i + 1] as number) + (gray[i - width] as number) + (gray[i + width] as number) - 4 * (gray[i] as number);
      sum += l;
      sumSq += l * l;
      n++;
    }
  }
  if (n === 0) return 0;
  const m = sum / n;
  return sumSq / n - m * m;
}

export function assessQuality(input: QualityInput, thresholds: Partial<QualityThresholds> = {}): QualityReport {
  const t = { ...DEFAULT_QUALITY_THRESHOLDS, ...thresholds };
  const issues: QualityIssue[] = [];
  const factors: number[] = [];
  const [eyeL, eyeR] = input.landmarks5;
  const reasons: QualityReport['reasons'] = {
    detectorScore: input.detectorScore,
    faceSizePx: Math.min(input.box.width, input.box.height),
    interOcularPx: eyeL && eyeR ? Math.hypot(eyeR.x - eyeL.x, eyeR.y - eyeL.y) : 0,
  };

  factors.push(atLeast(reasons.detectorScore, t.minDetectorScore));
  if (reasons.detectorScore < t.minDetectorScore) issues.push('LOW_DETECTOR_SCORE');
  factors.push(atLeast(reasons.faceSizePx, t.minFaceSizePx));
  if (reasons.faceSizePx < t.minFaceSizePx) issues.push('SMALL_FACE');

  if (input.alignedCrop) {
    const { width, height } = input.alignedCrop;
    const gray = luma(input.alignedCrop);
    reasons.blur = laplacianVariance(gray, width, height);
    factors.push(atLeast(reasons.blur, t.minBlurVariance));
    if (reasons.blur < t.minBlurVariance) issues.push('BLURRY');

    reasons.brightness = gray.reduce((s, v) => s + v, 0) / gray.length / 255;
    // Ramp to 0 halfway between the limit and pure black / white.
    factors.push(Math.min(atLeast(reasons.brightness, t.minBrightness), clamp01(0.5 + (t.maxBrightness - reasons.brightness) / (1 - t.maxBrightness))));
    if (reasons.brightness < t.minBrightness) issues.push('TOO_DARK');
    if (reasons.brightness > t.maxBrightness) issues.push('TOO_BRIGHT');
  }

  if (input.pose) {
    reasons.poseYaw = input.pose.yaw;
    reasons.posePitch = input.pose.pitch;
    reasons.poseRoll = input.pose.roll;
    factors.push(Math.min(atMost(Math.abs(input.pose.yaw), t.maxAbsYaw), atMost(Math.abs(input.pose.pitch), t.maxAbsPitch)));
    if (Math.abs(input.pose.yaw) > t.maxAbsYaw || Math.abs(input.pose.pitch) > t.maxAbsPitch) issues.push('EXTREME_POSE');
  }

  return { score: Math.min(...factors), reasons, issues };
}
