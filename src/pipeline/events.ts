import type { LivenessVerdict } from './results.ts';
import type { Stage } from './stages.ts';

export type AnalysisEventType = 'QUEUED' | 'STAGE_STARTED' | 'STAGE_FINISHED' | 'COMPLETED' | 'FAILED';

/** Progress of one session, published after the matching row is written. */
export interface AnalysisEvent {
  sessionId: string;
  tenantId: string;
  type: AnalysisEventType;
  stage: Stage | null;
  model: string | null;
  durationMs: number | null;
  /** A stable code (an ErrorCode for what the pipeline raises) and a message a person can read. */
  error: { code: string; message: string } | null;
  at: Date;
  /** The request that submitted the session (x-request-id), when known. */
  requestId?: string | null;
}

/**
 * One face's liveness verdict, published as soon as its ANTI_SPOOFING result is stored; or a liveness
 * session's verdict (livenessSessionId set), on its reference face.
 */
export interface LivenessVerdictEvent {
  tenantId: string;
  sessionId: string;
  faceId: string;
  faceIndex: number;
  liveScore: number;
  verdict: LivenessVerdict;
  model: string | null;
  at: Date;
  livenessSessionId?: string | null;
}

export type LivenessSessionEventType = 'FRAMES_ADDED' | 'FRAMES_REFUSED' | 'DECIDED';

/** What a camera UI hears of its liveness session: each chunk's feedback, refusals, and the verdict. */
export interface LivenessSessionEvent {
  tenantId: string;
  livenessSessionId: string;
  type: LivenessSessionEventType;
  framesReceived: number;
  /** FRAMES_ADDED: the feedback on every frame so far (liveness/progress.ts's LivenessProgress). */
  progress: {
    faceState: 'NONE' | 'ONE' | 'SEVERAL';
    activeStep: string | null;
    activeStepIndex: number;
    stepProgress: number;
    stepsCompleted: string[];
    hints: string[];
  } | null;
  /** FRAMES_REFUSED: the code. */
  error: { code: string; message: string } | null;
  /** DECIDED */
  verdict: string | null;
  reasons: string[];
  at: Date;
}

export type GalleryEventType = 'PERSON_CREATED' | 'PERSON_UPDATED' | 'PERSON_DELETED' | 'FACE_ENROLLED' | 'ENROLLMENT_REFUSED';

/**
 * A change to a tenant's gallery, published after it is stored. Enrollment events carry the image's
 * place in its request, so a screen can show enrollFaces' progress as each image finishes.
 */
export interface GalleryEvent {
  tenantId: string;
  type: GalleryEventType;
  personId: string;
  faceId: string | null;
  /** PERSON_DELETED: how many enrolled faces were erased with it. */
  facesErased: number | null;
  enrollment: { requestId: string | null; index: number; total: number; error: { code: string; message: string } | null } | null;
  at: Date;
}

export function isTerminal(event: Pick<AnalysisEvent, 'type'>): boolean {
  return event.type === 'COMPLETED' || event.type === 'FAILED';
}

/** Each event type happens at most once per (session, stage), which makes replay + live merging exact. */
export function eventKey(event: Pick<AnalysisEvent, 'type' | 'stage'>): string {
  return `${event.type}:${event.stage ?? ''}`;
}

export type VideoEventType = 'STARTED' | 'FRAMES' | 'TRACK_FORMED' | 'TRACK_ENDED' | 'COMPLETED' | 'FAILED';

/** A track as the progress stream tells it: where it is so far (the stored track has the aggregates). */
export interface VideoTrackProgress {
  trackId: number;
  firstMs: number;
  lastMs: number;
  frames: number;
}

/**
 * What a video analysis's watchers hear: frames done of the total (FRAMES, every few frames), each
 * track when it forms (seen in enough frames) and when it ends, and the end of the analysis. STARTED
 * again after a worker was lost means another worker started over from the first frame.
 */
export interface VideoEvent {
  tenantId: string;
  videoAnalysisId: string;
  type: VideoEventType;
  framesDone: number;
  framesTotal: number;
  track: VideoTrackProgress | null;
  error: { code: string; message: string } | null;
  at: Date;
}
