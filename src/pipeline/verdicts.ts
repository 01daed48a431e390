import type { DeepfakeVerdict, LivenessVerdict } from './results.ts';

/** Decision thresholds the workers apply; from config, so operators can tune them without a release. */
export interface VerdictThresholds {
  /** QUALITY.passed when score >= this; faces below it get no embedding. */
  qualityGate: number;
  /** LIVE when the averaged p(real) >= liveAt, SPOOF when < spoofBelow, UNCERTAIN between. */
  liveAt: number;
  spoofBelow: number;
  /** FAKE when the manipulation score >= fakeAt, REAL when < realBelow, UNCERTAIN between. */
  fakeAt: number;
  realBelow: number;
}

export function livenessVerdict(liveScore: number, t: Pick<VerdictThresholds, 'liveAt' | 'spoofBelow'>): LivenessVerdict {
  if (liveScore >= t.liveAt) return 'LIVE';
  if (liveScore < t.spoofBelow) return 'SPOOF';
  return 'UNCERTAIN';
}

export function deepfakeVerdict(fakeScore: number, t: Pick<VerdictThresholds, 'fakeAt' | 'realBelow'>): DeepfakeVerdict {
  if (fakeScore >= t.fakeAt) return 'FAKE';
  if (fakeScore < t.realBelow) return 'REAL';
  return 'UNCERTAIN';
}
