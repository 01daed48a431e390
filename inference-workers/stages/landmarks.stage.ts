import { blankBox, blankImage, boxesOf, filesOf, loadedStage, type InferenceStageModule } from './stage-module.ts';

/** LANDMARKS: 68 points (iBUG layout) per face and the head pose estimated from them. */
export const landmarksStage: InferenceStageModule<'LANDMARKS'> = {
  kind: 'inference',
  name: 'LANDMARKS',
  needs: ['DETECTION'],
  files: filesOf('landmarks68_faceplugin_64gray.onnx'),
  load: async ({ session, modelFile }) => {
    const [{ Landmarks68Detector }, { headPose }] = await Promise.all([import('../face/landmarks68.ts'), import('../face/head-pose.ts')]);
    const model = await Landmarks68Detector.create(modelFile, session);
    return loadedStage({
      model: model.modelName,
      run: async (state) => {
        const points = await model.predict(state.image, boxesOf(state));
        state.landmarks = points.map((p) => ({ points: p, pose: headPose(p) }));
        return { faces: state.landmarks };
      },
      warmUp: () => model.predict(blankImage, [blankBox]),
      dispose: () => model.dispose(),
    });
  },
};
