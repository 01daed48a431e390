import type { Stage } from './stages.ts';

/** The job contract shared by the API (enqueue) and the workers (handle). IDs only: bytes go to the image store. */
export interface AnalysisJob {
  sessionId: string;
  tenantId: string;
  stages: Stage[];
  imageRef: string;
  /** The request that submitted it (x-request-id): on the worker's log lines and the session's events. */
  requestId?: string | null;
  /** A frame of a liveness session: its faces' verdicts are not sent one by one to livenessVerdicts (the session's verdict is). */
  livenessFrame?: boolean;
}

/** The decision of a finished liveness session, run by whoever runs jobs (in-process, or a worker in queue mode). */
export interface LivenessDecisionJob {
  livenessSessionId: string;
  tenantId: string;
  requestId: string | null;
  /** The session had expired when it was finished: decided with TIMEOUT. */
  timedOut: boolean;
}

/** A video analysis, run by whoever runs jobs: the video waits in the blob store under `blobKey`. */
export interface VideoJob {
  videoAnalysisId: string;
  tenantId: string;
  requestId: string | null;
}
