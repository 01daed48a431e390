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
      // Tiles are what finds small faces in large photos: always (accurate profile) or when a photo seems to hold them.
      tiles:
        options.detectionTiles === 'off'
          ? false
          : { when: options.detectionTiles, tileSize: options.detectionTileSize, tileScoreThreshold: options.detectionTileScoreThreshold },
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
