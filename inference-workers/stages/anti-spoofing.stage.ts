import { livenessVerdict } from '../../src/pipeline/verdicts.ts';
import { blankBox, blankImage, boxesOf, filesOf, loadedStage, type InferenceStageModule } from './stage-module.ts';

/** ANTI_SPOOFING: MiniFASNet V2 + V1SE on the face's context crops, averaged p(real) and a verdict. */
export const antiSpoofingStage: InferenceStageModule<'ANTI_SPOOFING'> = {
  kind: 'inference',
  name: 'ANTI_SPOOFING',
  needs: ['DETECTION'],
  files: filesOf('antispoof_minifasnet_v2_80.onnx', 'antispoof_minifasnet_v1se_80.onnx'),
  load: async ({ options, session, modelFiles }) => {
    const { AntiSpoofDetector } = await import('../face/antispoof.ts');
    const model = await AntiSpoofDetector.create(modelFiles, session);
    return loadedStage({
      model: model.modelName,
      run: async (state) => {
        const scores = await model.predict(state.image, boxesOf(state));
        return { faces: scores.map((s) => ({ ...s, verdict: livenessVerdict(s.liveScore, options.thresholds) })) };
      },
      warmUp: () => model.predict(blankImage, [blankBox]),
      dispose: () => model.dispose(),
    });
  },
};
