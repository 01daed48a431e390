import type { FaceRecord, SessionRecord } from '../db/sessions.repository.ts';
import { AppError, isErrorCode } from '../pipeline/errors.ts';
import type { Stage } from '../pipeline/stages.ts';
import type { UploadedImage } from './image-upload.ts';
import type { Scope } from './services.ts';
import { sessionProgress } from './session-progress.ts';
import { submitAnalysis } from './submit-analysis.ts';

/**
 * Runs an image through the pipeline (the same jobs, workers and rows as analyzeImage) and waits for
 * its end, for the requests that answer with a result: enrollment, verify, identify.
 */
export async function analyzeAndWait(
  scope: Scope,
  upload: UploadedImage,
  stages: Stage[],
  options: { livenessSessionId?: string } = {},
): Promise<{ session: SessionRecord; faces: FaceRecord[] }> {
  const { services, tenantId } = scope;
  const waitMs = services.config.ANALYSIS_WAIT_MS;
  const session = await submitAnalysis(services, { tenantId, requestId: scope.requestId, upload, stages, ...options });
  const progress = sessionProgress(services, tenantId, session.id);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('TIMEOUT', `The analysis did not finish within ${waitMs} ms; query analysisSession later.`)), waitMs);
  });
  try {
    const ended = (async () => {
      for await (const event of progress) {
        if (event.type === 'FAILED')
          throw new AppError(isErrorCode(event.error?.code) ? event.error.code : 'INTERNAL', event.error?.message ?? 'The analysis failed.');
        if (event.type === 'COMPLETED') return;
      }
    })();
    await Promise.race([ended, timeout]);
  } finally {
    clearTimeout(timer);
    await progress.return(undefined);
  }
  const stored = (await services.sessions.find(tenantId, session.id)) ?? session;
  return { session: stored, faces: await services.sessions.faces([session.id]) };
}
