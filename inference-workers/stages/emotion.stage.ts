import { blankBox, blankImage, boxesOf, filesOf, loadedStage, type InferenceStageModule } from './stage-module.ts';

/** EMOTION: 7 facial-expression classes (optional model, installed by `npm run models:fetch`). */
export const emotionStage: InferenceStageModule<'EMOTION'> = {
  kind: 'inference',
  name: 'EMOTION',
  needs: ['DETECTION'],
  files: filesOf('emotion7_faceplugin_224.onnx'),
  optional: 'The optional emotion model is not installed (run `npm run models:fetch`).',
  load: async ({ options, session, path }) => {
    const { EmotionClassifier } = await import('../face/emotion.ts');
    const [file] = emotionStage.files(options.detector);
    const model = await EmotionClassifier.create(path(file as string), session);
    return loadedStage({
      model: model.modelName,
      run: async (state) => ({ faces: await model.predict(state.image, boxesOf(state)) }),
      warmUp: () => model.predict(blankImage, [blankBox]),
      dispose: () => model.dispose(),
    });
  },
};
