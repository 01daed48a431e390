import { blankBox, blankImage, boxesOf, filesOf, loadedStage, type InferenceStageModule } from './stage-module.ts';

/** EMOTION: 7 facial-expression classes (optional model, installed by `npm run models:fetch`). */
export const emotionStage: InferenceStageModule<'EMOTION'> = {
  kind: 'inference',
  name: 'EMOTION',
  needs: ['DETECTION'],
  files: filesOf('emotion7_faceplugin_224.onnx'),
  optional: 'The optional emotion model is not installed (run `npm run models:fetch`).',
  load: async ({ session, modelFile }) => {
    const { EmotionClassifier } = await import('../face/emotion.ts');
    const model = await EmotionClassifier.create(modelFile, session);
    return loadedStage({
      model: model.modelName,
      run: async (state) => ({ faces: await model.predict(state.image, boxesOf(state)) }),
      warmUp: () => model.predict(blankImage, [blankBox]),
      dispose: () => model.dispose(),
    });
  },
};
