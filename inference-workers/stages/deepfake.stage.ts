import { deepfakeVerdict } from '../../src/pipeline/verdicts.ts';
import { blankBox, blankImage, boxesOf, filesOf, loadedStage, type InferenceStageModule } from './stage-module.ts';

/** DEEPFAKE: MesoInception-4 (DF) manipulation score and verdict per face: a weak signal, not proof. */
export const deepfakeStage: InferenceStageModule<'DEEPFAKE'> = {
  kind: 'inference',
  name: 'DEEPFAKE',
  needs: ['DETECTION'],
  files: filesOf('deepfake_mesoinception4_df_256.onnx'),
  load: async ({ options, session, modelFile }) => {
    const { DeepfakeDetector } = await import('../face/deepfake.ts');
    const model = await DeepfakeDetector.create(modelFile, session);
    return loadedStage({
      model: model.modelName,
      run: async (state) => {
        const scores = await model.predict(state.image, boxesOf(state));
        return { faces: scores.map((s) => ({ fakeScore: s.fakeScore, verdict: deepfakeVerdict(s.fakeScore, options.thresholds) })) };
      },
      warmUp: () => model.predict(blankImage, [blankBox]),
      dispose: () => model.dispose(),
    });
  },
};
