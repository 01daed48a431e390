import { DEFAULT_TOP_K, identifyFace } from '../../src/pipeline/identification.ts';
import { need, noFiles, type HostStageModule } from './stage-module.ts';

/**
 * IDENTIFICATION: each embedded face against the tenant's gallery, MATCH at the tenant's threshold or
 * UNKNOWN, with the nearest persons. A host stage: the job handler runs it with the runtime's gallery
 * port, after the inference stages, through the same identifyFace() as the identifyFaces mutation.
 */
export const identificationStage: HostStageModule<'IDENTIFICATION'> = {
  kind: 'host',
  name: 'IDENTIFICATION',
  needs: ['RECOGNITION'],
  files: noFiles,
  run: async ({ gallery, thresholds }, { tenantId, results }) => {
    const recognition = need(results.RECOGNITION, 'recognition results');
    const { threshold } = thresholds.apply('identification', await gallery.tenantSettings(tenantId));
    const faces = await Promise.all(recognition.faces.map((face) => identifyFace(gallery, tenantId, face.embedding, { threshold, topK: DEFAULT_TOP_K })));
    return { faces };
  },
};
