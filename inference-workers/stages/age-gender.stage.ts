import { blankCrop, filesOf, loadedStage, need, type InferenceStageModule } from './stage-module.ts';

/** AGE_GENDER: InsightFace gender-age on the aligned crop (licensed for non-commercial use only). */
export const ageGenderStage: InferenceStageModule<'AGE_GENDER'> = {
  kind: 'inference',
  name: 'AGE_GENDER',
  needs: ['ALIGNMENT'],
  files: filesOf('age_gender_insightface_mnet025_112.onnx'),
  load: async ({ session, modelFile }) => {
    const { AgeGenderEstimator } = await import('../face/age-gender.ts');
    const model = await AgeGenderEstimator.create(modelFile, session);
    return loadedStage({
      model: model.modelName,
      run: async (state) => ({ faces: await model.predict(need(state.aligned, 'aligned crops')) }),
      warmUp: () => model.predict([blankCrop]),
      dispose: () => model.dispose(),
    });
  },
};
