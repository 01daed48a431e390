import { loadedStage, noFiles, type InferenceStageModule } from './stage-module.ts';

/** ALIGNMENT: each face's 112x112 ArcFace crop, computed once for QUALITY, RECOGNITION and AGE_GENDER. */
export const alignmentStage: InferenceStageModule<'ALIGNMENT'> = {
  kind: 'inference',
  name: 'ALIGNMENT',
  needs: ['DETECTION'],
  files: noFiles,
  load: async () => {
    const { alignFace } = await import('../face/align.ts');
    return loadedStage({
      model: null,
      run: async (state) => {
        state.aligned = state.faces.map((f) => alignFace(state.image, f.landmarks));
        return { faces: state.aligned.length };
      },
    });
  },
};
