import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { calibrationFrom, loadCalibration, type CalibrationFile } from '../src/pipeline/calibration.ts';
import { ThresholdPolicy } from '../src/pipeline/thresholds.ts';

// Error rates at any threshold, from the scores npm run eval measured (src/pipeline/calibration.lfw.json).
const file: CalibrationFile = {
  recognitionModel: 'test-model',
  qualityGate: 0.2,
  date: '2026-11-26',
  verification: { dataset: 'pairs', genuine: [0.1, 0.4, 0.5, 0.6, 0.9], impostor: [-0.2, 0.0, 0.1, 0.3] },
  identification: { dataset: 'open-set', galleryIdentities: 3, mated: 5, matedCorrect: [0.3, 0.5, 0.7], nonMated: [0.1, 0.2, 0.45, 0.5] },
};

describe('calibration and threshold policy', () => {
  it('counts impostors at or above and genuines below the threshold', () => {
    const c = calibrationFrom(file);
    expect(c.verification(0.3)).toMatchObject({ threshold: 0.3, falseAcceptRate: 1 / 4, falseRejectRate: 1 / 5 });
    expect(c.verification(0.95)).toMatchObject({ falseAcceptRate: 0, falseRejectRate: 1 });
    // FNIR counts mated probes that were wrong at rank 1 (5 - 3) plus right ones below the threshold.
    expect(c.identification(0.45)).toMatchObject({ falseAcceptRate: 2 / 4, falseRejectRate: (5 - 2) / 5 });
    expect(c.identification(0.45).measuredOn).toBe('open-set, test-model');
  });

  it('applies the request threshold, else the tenant one, else the server default', () => {
    const policy = new ThresholdPolicy({ verification: 0.35, identification: 0.44 }, calibrationFrom(file));
    expect(policy.apply('verification', null)).toMatchObject({ threshold: 0.35, source: 'SERVER_DEFAULT' });
    expect(policy.apply('verification', { verifyThreshold: 0.5, identifyThreshold: null })).toMatchObject({
      threshold: 0.5,
      source: 'TENANT',
      falseRejectRate: 2 / 5,
    });
    expect(policy.apply('identification', { verifyThreshold: 0.5, identifyThreshold: null })).toMatchObject({ threshold: 0.44, source: 'SERVER_DEFAULT' });
    expect(policy.apply('identification', { verifyThreshold: null, identifyThreshold: 0.6 }, 0.2)).toMatchObject({
      threshold: 0.2,
      source: 'REQUEST',
      falseAcceptRate: 3 / 4,
    });
  });

  it('the shipped calibration puts the default verification threshold at FAR <= 1e-3 and identification at FPIR <= 1e-2 (LFW developer folds)', () => {
    const shipped = loadCalibration();
    const config = loadConfig({});
    const verification = shipped.verification(config.RECOGNITION_THRESHOLD);
    const identification = shipped.identification(config.IDENTIFY_THRESHOLD);
    expect(verification.falseAcceptRate).toBeLessThanOrEqual(1e-3);
    expect(identification.falseAcceptRate).toBeLessThanOrEqual(1.2e-2);
    // Not stricter than needed: a threshold 0.05 lower must already accept impostors / non-mated probes.
    expect(shipped.verification(config.RECOGNITION_THRESHOLD - 0.05).falseAcceptRate).toBeGreaterThan(0);
    expect(shipped.identification(config.IDENTIFY_THRESHOLD - 0.05).falseAcceptRate).toBeGreaterThan(1e-2);
    expect(verification.measuredOn).toMatch(/LFW/);
  });
});
