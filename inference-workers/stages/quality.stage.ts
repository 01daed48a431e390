import type { QualityResult } from '../../src/pipeline/results.ts';
import { loadedStage, need, noFiles, type InferenceStageModule } from './stage-module.ts';

/** QUALITY: a 0..1 score per face (the weakest of size, blur, brightness, detector score and pose) and the gate. */
export const qualityStage: InferenceStageModule<'QUALITY'> = {
  kind: 'inference',
  name: 'QUALITY',
  // Blur and brightness are measured on the aligned crop, pose on the 68 landmarks.
  needs: ['ALIGNMENT', 'LANDMARKS'],
  files: noFiles,
  load: async ({ options }) => {
    const { assessQuality } = await import('../face/quality.ts');
    return loadedStage({
      model: null,
      run: async (state) => {
        const aligned = need(state.aligned, 'aligned crops');
        const landmarks = need(state.landmarks, '68 landmarks');
        state.quality = state.faces.map((face, i): QualityResult => {
          const crop = aligned[i];
          const pose = landmarks[i]?.pose;
          const report = assessQuality({
            detectorScore: face.score,
            box: face.box,
            landmarks5: face.landmarks,
            ...(crop ? { alignedCrop: crop } : {}),
            ...(pose ? { pose } : {}),
          });
          const { reasons } = report;
          return {
            score: report.score,
            passed: report.score >= options.thresholds.qualityGate,
            issues: report.issues,
            detectorScore: reasons.detectorScore,
            faceSizePx: reasons.faceSizePx,
            blur: reasons.blur ?? null,
            brightness: reasons.brightness ?? null,
            poseYaw: reasons.poseYaw ?? null,
            posePitch: reasons.posePitch ?? null,
          };
        });
        return { faces: state.quality };
      },
    });
  },
};
