import { DETECTOR_FILES } from '../../src/pipeline/detectors.ts';
import { blankImage, loadedStage, type InferenceStageModule } from './stage-module.ts';

/** DETECTION: face boxes with 5 landmarks (SCRFD or YuNet), retried on a padded copy when a face fills the frame. */
export const detectionStage: InferenceStageModule<'DETECTION'> = {
  kind: 'inference',
  name: 'DETECTION',
  needs: [],
  files: (detector) => [DETECTOR_FILES[detector]],
  load: async ({ options, session }) => {
    const [{ createDetector }, { detectWithPaddingRetry }] = await Promise.all([import('../detection/detector.ts'), import('../detection/padding-retry.ts')]);
    const detector = await createDetector(options.detector, options.modelsDir, {
      ...session,
      ...(options.detectionScoreThreshold === undefined ? {} : { scoreThreshold: options.detectionScoreThreshold }),
      // The accurate detector tiles large photos: that is what finds small faces in crowds.
      tiles: options.detectionTiles ? { tileSize: options.detectionTileSize } : false,
    });
    return loadedStage({
      model: detector.modelName,
      run: async (state) => {
        const { faces, padded } = await detectWithPaddingRetry(detector, state.image);
        state.faces = faces;
        return { faces, padded };
      },
      warmUp: () => detector.detect(blankImage),
      dispose: async () => detector.dispose?.(),
    });
  },
};
