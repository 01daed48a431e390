import type { Stage } from './stages.ts';

/** The job contract shared by the API (enqueue) and the workers (handle). IDs only: bytes go to the image store. */
export interface AnalysisJob {
  sessionId: string;
  tenantId: string;
  stages: Stage[];
  imageRef: string;
  /** The request that submitted it (x-request-id): on the worker's log lines and the session's events. */
  requestId?: string | null;
}
