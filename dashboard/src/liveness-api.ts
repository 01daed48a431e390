// The liveness-session operations of the "Liveness check" page, typed by hand from schema.graphql.
import { gql } from 'urql';

export type LivenessMode = 'ACTIVE' | 'PASSIVE';
export type LivenessStep = 'TURN_LEFT' | 'TURN_RIGHT' | 'BLINK' | 'NOD';
export type LivenessFaceState = 'NONE' | 'ONE' | 'SEVERAL';
export type LivenessHint = 'FACE_THE_CAMERA' | 'HOLD_STILL' | 'MORE_LIGHT' | 'MOVE_BACK' | 'MOVE_CLOSER' | 'NO_FACE' | 'ONE_FACE_ONLY' | 'TURN_FURTHER';
export type LivenessReason =
  | 'CHALLENGE_NOT_MET'
  | 'IDENTITY_SWITCH'
  | 'LOW_FRAME_RATE'
  | 'LOW_QUALITY'
  | 'MULTIPLE_FACES'
  | 'NO_BLINK'
  | 'NO_FACE'
  | 'PAD_FAILED'
  | 'PAD_UNCERTAIN'
  | 'PARALLAX_UNCERTAIN'
  | 'PLANAR_MOTION'
  | 'REPLAYED_FRAMES'
  | 'TIMEOUT'
  | 'TOO_FEW_FRAMES';
export type LivenessSessionVerdict = 'LIVE' | 'SPOOF' | 'INCONCLUSIVE';

export interface LivenessChallenge {
  steps: LivenessStep[];
  minFps: number;
  frameBudget: number;
  maxFramesPerCall: number;
}

/** createLivenessSession's answer: what the camera must capture and send. */
export interface OpenedLivenessSession {
  id: string;
  mode: LivenessMode;
  nonce: string;
  expiresAt: string;
  challenge: LivenessChallenge;
}

/** Feedback on every frame sent so far (addLivenessFrames' answer). */
export interface LivenessProgress {
  faceState: LivenessFaceState;
  activeStep: LivenessStep | null;
  activeStepIndex: number;
  stepProgress: number;
  stepsCompleted: LivenessStep[];
  hints: LivenessHint[];
}

export interface FramesAdded {
  session: { id: string; framesReceived: number };
  progress: LivenessProgress;
}

export interface DecidedLivenessSession {
  id: string;
  status: string;
  framesReceived: number;
  verdict: LivenessSessionVerdict | null;
  reasons: LivenessReason[];
}

export const CreateLivenessSessionMutation = gql<{ createLivenessSession: OpenedLivenessSession }, { mode: LivenessMode; nod: boolean }>`
  mutation DashboardCreateLivenessSession($mode: LivenessMode, $nod: Boolean) {
    createLivenessSession(mode: $mode, nod: $nod) {
      id
      mode
      nonce
      expiresAt
      challenge {
        steps
        minFps
        frameBudget
        maxFramesPerCall
      }
    }
  }
`;

export const AddLivenessFramesMutation = gql<
  { addLivenessFrames: FramesAdded },
  { sessionId: string; frames: File[]; firstSeq: number; timestampsMs: number[] }
>`
  mutation DashboardAddLivenessFrames($sessionId: ID!, $frames: [File!]!, $firstSeq: Int!, $timestampsMs: [Float!]!) {
    addLivenessFrames(sessionId: $sessionId, frames: $frames, firstSeq: $firstSeq, timestampsMs: $timestampsMs) {
      session {
        id
        framesReceived
      }
      progress {
        faceState
        activeStep
        activeStepIndex
        stepProgress
        stepsCompleted
        hints
      }
    }
  }
`;

export const FinishLivenessSessionMutation = gql<{ finishLivenessSession: DecidedLivenessSession }, { sessionId: string }>`
  mutation DashboardFinishLivenessSession($sessionId: ID!) {
    finishLivenessSession(sessionId: $sessionId) {
      id
      status
      framesReceived
      verdict
      reasons
    }
  }
`;
