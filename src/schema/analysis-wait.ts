import type { AnalysisSession, Face } from '../db/sessions.repository.ts';
import type { Stage } from '../pipeline/stages.ts';
import type { Context } from './context.ts';
import { userError } from './errors.ts';
import type { UploadedImage } from './image-upload.ts';
import { sessionProgress } from './sessions.progress.ts';
import { submitAnalysis } from './submit-analysis.ts';

/**
 * Runs an image through the pipeline (the same jobs, workers and rows as analyzeImage) and waits for
 * its end, for the requests that answer with a result: enrollment, verify, identify.
 */
export async function analyzeAndWait(ctx: Context, upload: UploadedImage, stages: Stage[]): Promise<{ session: AnalysisSession; faces: Face[] }> {
  const session = await submitAnalysis(ctx.services, { tenantId: ctx.tenantId, upload, stages });
  const progress = sessionProgress(ctx, session.id);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(userError('TIMEOUT', `The analysis did not finish within ${ctx.services.config.ANALYSIS_WAIT_MS} ms; query analysisSession later.`)), ctx.services.config.ANALYSIS_WAIT_MS);
  });
  try {
    const ended = (async () => {
      for await (const event of progress) {
        if (event.type === 'FAILED') throw userError((event.error?.code ?? 'INTERNAL') as 'INTERNAL', event.error?.message ?? 'The analysis failed.');
        if (event.type === 'COMPLETED') return;
      }
    })();
    await Promise.race([ended, timeout]);
  } finally {
    clearTimeout(timer);
    await progress.return(undefined);
  }
  const stored = (await ctx.services.sessions.find(ctx.tenantId, session.id)) ?? session;
  return { session: stored, faces: await ctx.services.sessions.faces([session.id]) };
}
