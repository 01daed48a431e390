import type { RecognitionResult } from '../../src/pipeline/results.ts';
import { blankCrop, filesOf, loadedStage, need, type InferenceStageModule } from './stage-module.ts';

/** RECOGNITION: a 512-d L2-normalised MobileFaceNet embedding per face that passed the quality gate. */
export const recognitionStage: InferenceStageModule<'RECOGNITION'> = {
  kind: 'inference',
  name: 'RECOGNITION',
  // Recognition respects the quality gate, so it needs QUALITY's verdict.
  needs: ['ALIGNMENT', 'QUALITY'],
  files: filesOf('face_rec_mobilefacenet_512_faceplugin.onnx'),
  load: async ({ options, session, modelFile }) => {
    const { FaceRecognizer } = await import('../face/recognition.ts');
    const recognizer = await FaceRecognizer.create(modelFile, { ...session, flipAugment: options.recognitionFlip });
    const model = `${recognizer.modelName}${options.recognitionFlip ? '+flip' : ''}`;
    return loadedStage({
      model,
      run: async (state) => {
        const aligned = need(state.aligned, 'aligned crops');
        const quality = need(state.quality, 'quality');
        const embeddings = await recognizer.embed(aligned.filter((_, i) => quality[i]?.passed));
        let next = 0;
        const faces = aligned.map((_, i): RecognitionResult =>
          quality[i]?.passed ? { embedding: Array.from(embeddings[next++] as Float32Array), skipped: null } : { embedding: null, skipped: 'LOW_QUALITY' },
        );
        return { model, faces };
      },
      warmUp: () => recognizer.embed([blankCrop]),
      dispose: () => recognizer.dispose(),
    });
  },
};
