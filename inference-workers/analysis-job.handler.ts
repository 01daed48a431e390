import type { Logger } from 'pino';
import type { FaceResultsRepository } from '../src/db/face-results.repository.ts';
import type { SessionsRepository } from '../src/db/sessions.repository.ts';
import { AppError, internalFailure, workerCrashed } from '../src/pipeline/errors.ts';
import type { AnalysisEvent } from '../src/pipeline/events.ts';
import type { AnalysisJob } from '../src/pipeline/job.ts';
import type { EngineEvent, InferenceEngine, StageResult, StageResults } from '../src/pipeline/results.ts';
import { activeContext, recordSpan, type Context } from '../src/observability/spans.ts';
import { silentObserver, type PipelineObserver } from '../src/pipeline/observer.ts';
import type { Stage } from '../src/pipeline/stages.ts';
import type { EventBus } from '../src/transport/event-bus.ts';
import { createHash } from 'node:crypto';
import { STALL_LIMIT_REASON } from '../src/transport/bullmq-queue.ts';
import type { ImageStore } from '../src/transport/image-store.ts';
import { stageModules } from './stages/index.ts';
import type { HostPorts } from './stages/stage-module.ts';

export interface AnalysisJobDeps {
  sessions: SessionsRepository;
  faceResults: FaceResultsRepository;
  /** What host stages (IDENTIFICATION) run with: the tenant's gallery and the threshold policy. */
  ports: HostPorts;
  engine: InferenceEngine;
  images: ImageStore;
  events: EventBus;
  logger: Logger;
  /** Metrics: stage times and results, sessions by end state, busy slots. */
  observer?: PipelineObserver;
  /** Reliability tests only (FAULT_KILL_ON_IMAGE_SHA256): an image with this sha256 kills the process, as a native crash would. */
  faultKillOnImageSha256?: string | undefined;
}

type SessionRef = { id: string; tenantId: string };

/** What happened to a job; only the unexpected throws. */
export type JobOutcome = { status: 'completed' } | { status: 'skipped'; reason: string } | { status: 'failed'; code: string };

/**
 * Runs one analysis job: marks the session RUNNING, runs the pipeline, persists each stage's result
 * as soon as the stage ends and publishes the matching progress event after the row is written.
 * Idempotent: a session already terminal is skipped; stage writes are upserts.
 */
export interface AnalysisJobHandler {
  handle(job: AnalysisJob): Promise<JobOutcome>;
  /**
   * Ends a job that will not run again: after its last attempt, or after it crashed its worker more
   * often than the queue allows. FAILED with WORKER_CRASHED for a crash, else INTERNAL, with a neutral
   * message; details stay in the logs.
   */
  failUnexpected(job: AnalysisJob, error: unknown): Promise<void>;
}

/** Results so far, by stage: what host stages read. */
function remember(results: Partial<StageResults>, finished: StageResult): void {
  Object.assign(results, { [finished.stage]: finished.result });
}

export function createAnalysisJobHandler(deps: AnalysisJobDeps): AnalysisJobHandler {
  const { sessions, faceResults, engine, images, events, logger, ports } = deps;
  const observer = deps.observer ?? silentObserver;

  const publish = (job: AnalysisJob, event: Omit<AnalysisEvent, 'sessionId' | 'tenantId' | 'at'>): void =>
    void events.publish({ sessionId: job.sessionId, tenantId: job.tenantId, requestId: job.requestId ?? null, at: new Date(), ...event });
  /** A job's log lines carry its session and the request that submitted it. */
  const logOf = (job: AnalysisJob): Logger => logger.child({ sessionId: job.sessionId, requestId: job.requestId ?? null });

  /** A stage's result is stored: count it, trace it (under the job's span) and tell subscribers. */
  const stageDone = (job: AnalysisJob, trace: Context, finished: StageResult & { model: string | null }, startedAt: Date, finishedAt: Date): void => {
    const durationMs = finishedAt.getTime() - startedAt.getTime();
    observer.stageFinished({ ...finished, durationMs }, { livenessFrame: job.livenessFrame ?? false });
    recordSpan(trace, `stage ${finished.stage}`, { 'facesocial.stage': finished.stage, 'facesocial.model': finished.model ?? '' }, startedAt, finishedAt);
    publish(job, { type: 'STAGE_FINISHED', stage: finished.stage, model: finished.model, durationMs, error: null });
  };

  const fail = async (job: AnalysisJob, error: { code: string; message: string }): Promise<JobOutcome> => {
    // Publish only the terminal state that was written: a session another path already ended stays as it is.
    if (await sessions.markFailed(job.sessionId, error)) {
      logOf(job).info({ code: error.code }, 'analysis failed');
      publish(job, { type: 'FAILED', stage: null, model: null, durationMs: null, error });
      observer.sessionEnded({ status: 'FAILED', code: error.code });
    }
    await images.delete(job.imageRef);
    return { status: 'failed', code: error.code };
  };

  /** One liveness event per face, after its verdict is stored, for `livenessVerdicts` subscribers. */
  const publishVerdicts = (session: SessionRef, faceIds: Map<number, string>, result: StageResults['ANTI_SPOOFING'], model: string | null, at: Date): void => {
    result.faces.forEach((face, faceIndex) => {
      const faceId = faceIds.get(faceIndex);
      if (!faceId) return;
      void events.publishLiveness({
        tenantId: session.tenantId,
        sessionId: session.id,
        faceId,
        faceIndex,
        liveScore: face.liveScore,
        verdict: face.verdict,
        model,
        at,
      });
    });
  };

  /** Host stages run after the inference stages, in plan order, each written and published like the others. */
  const runHostStages = async (job: AnalysisJob, trace: Context, session: SessionRef, results: Partial<StageResults>): Promise<void> => {
    for (const stage of job.stages) {
      const module = stageModules[stage];
      if (module.kind !== 'host') continue;
      const startedAt = new Date();
      publish(job, { type: 'STAGE_STARTED', stage, model: null, durationMs: null, error: null });
      const result = { stage, result: await module.run(ports, { tenantId: session.tenantId, results }) } as StageResult;
      const finishedAt = new Date();
      const durationMs = finishedAt.getTime() - startedAt.getTime();
      await faceResults.saveStage(session, { ...result, model: null, startedAt, finishedAt, durationMs });
      remember(results, result);
      stageDone(job, trace, { ...result, model: null }, startedAt, finishedAt);
    }
  };

  const run = async (job: AnalysisJob): Promise<JobOutcome> => {
    if (!(await sessions.markRunning(job.sessionId))) {
      await images.delete(job.imageRef);
      return { status: 'skipped', reason: 'session already finished' };
    }
    const image = await images.get(job.imageRef);
    if (!image) {
      return fail(job, { code: 'IMAGE_EXPIRED', message: 'The uploaded image is no longer available; upload it again.' });
    }
    if (deps.faultKillOnImageSha256 && createHash('sha256').update(image).digest('hex') === deps.faultKillOnImageSha256) {
      logOf(job).warn('fault injection: this image kills the worker process');
      process.kill(process.pid, 'SIGKILL');
    }
    const session = { id: job.sessionId, tenantId: job.tenantId };
    // The job's span (BullMQ's CONSUMER span when tracing is on): stage spans hang under it.
    const trace = activeContext();
    // Engine events arrive synchronously from a message port; writes are chained so they land in order.
    let writes = Promise.resolve();
    let running: { stage: Stage; model: string | null; startedAt: Date } | null = null;
    const faceIds = new Map<number, string>();
    const results: Partial<StageResults> = {};
    const onEvent = (event: EngineEvent): void => {
      const at = new Date();
      if (event.type === 'stageStarted') running = { stage: event.stage, model: event.model, startedAt: at };
      if (event.type === 'stageFinished') {
        running = null;
        remember(results, event);
      }
      writes = writes.then(async () => {
        if (event.type === 'stageStarted') {
          publish(job, { type: 'STAGE_STARTED', stage: event.stage, model: event.model, durationMs: null, error: null });
        } else if (event.type === 'stageFinished') {
          const startedAt = new Date(at.getTime() - event.durationMs);
          const ids = await faceResults.saveStage(session, { ...event, startedAt, finishedAt: at });
          for (const [index, id] of ids) faceIds.set(index, id);
          stageDone(job, trace, event, startedAt, at);
          // A liveness session's frames are judged together: its verdict goes to livenessVerdicts, not each frame's.
          if (event.stage === 'ANTI_SPOOFING' && !job.livenessFrame) publishVerdicts(session, faceIds, event.result, event.model, at);
        }
      });
    };
    /** The stage that was running when the pipeline stopped is recorded as FAILED. */
    const recordInterrupted = async (): Promise<void> => {
      if (!running) return;
      const { stage, model, startedAt } = running;
      await sessions.stageEnded(session, { stage, model, status: 'FAILED', startedAt, finishedAt: new Date(), durationMs: null });
    };
    let engineError: unknown = null;
    await engine.analyze({ image, stages: job.stages }, onEvent).catch((error: unknown) => {
      engineError = error;
    });
    await writes; // a failed write is unexpected: it throws and the queue decides about retries
    if (engineError) await recordInterrupted();
    if (engineError instanceof AppError) return fail(job, { code: engineError.code, message: engineError.message });
    if (engineError) throw engineError instanceof Error ? engineError : new Error('the inference engine failed', { cause: engineError });
    await runHostStages(job, trace, session, results);
    if (await sessions.markCompleted(job.sessionId)) {
      publish(job, { type: 'COMPLETED', stage: null, model: null, durationMs: null, error: null });
      observer.sessionEnded({ status: 'COMPLETED' });
    }
    await images.delete(job.imageRef);
    logOf(job).info({ stages: job.stages }, 'analysis completed');
    return { status: 'completed' };
  };

  const failUnexpected = async (job: AnalysisJob, error: unknown): Promise<void> => {
    if (isWorkerCrash(error)) {
      logOf(job).error({ err: error, reason: 'worker crashed' }, 'analysis job ended: it crashed its worker every time it ran');
      await fail(job, workerCrashed);
      return;
    }
    logOf(job).error({ err: error }, 'analysis job failed unexpectedly');
    await fail(job, internalFailure);
  };

  const handle = async (job: AnalysisJob): Promise<JobOutcome> => {
    observer.jobStarted();
    try {
      const outcome = await run(job);
      observer.jobEnded(outcome.status);
      return outcome;
    } catch (error) {
      observer.jobEnded('error');
      throw error;
    }
  };

  return { handle, failUnexpected };
}

/** A job that died with its thread or process (an inference thread's death, or BullMQ's stall limit), not one that threw. */
function isWorkerCrash(error: unknown): boolean {
  return error instanceof Error && (error.name === 'InferenceThreadDied' || error.message === STALL_LIMIT_REASON);
}
