// The operations the dashboard sends, typed by hand from schema.graphql (the fields each one selects).
import { gql } from 'urql';

export type Stage =
  'DETECTION' | 'ANTI_SPOOFING' | 'ALIGNMENT' | 'LANDMARKS' | 'QUALITY' | 'RECOGNITION' | 'IDENTIFICATION' | 'AGE_GENDER' | 'DEEPFAKE' | 'EMOTION';
export type SessionStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
export type LivenessVerdict = 'LIVE' | 'SPOOF' | 'UNCERTAIN';
export type DeepfakeVerdict = 'REAL' | 'FAKE' | 'UNCERTAIN';
export type IdentityDecision = 'MATCH' | 'UNKNOWN' | 'NOT_SEARCHED';
export type AnalysisEventType = 'QUEUED' | 'STAGE_STARTED' | 'STAGE_FINISHED' | 'COMPLETED' | 'FAILED';

export interface ErrorInfo {
  code: string;
  message: string;
}

export interface ServerInfo {
  mode: string;
  version: string;
  detector: string;
  modelProfile: string;
  stages: Stage[];
  unavailableStages: { stage: Stage; reason: string }[];
  /** analyzeVideo's defaults and limits (VIDEO_DEFAULT_FPS, VIDEO_DEFAULT_MAX_FRAMES, VIDEO_MAX_FRAMES). */
  video: { defaultFps: number; defaultMaxFrames: number; maxFrames: number; maxBytes: number };
}

export const ServerInfoQuery = gql<{ serverInfo: ServerInfo }, Record<string, never>>`
  query DashboardServerInfo {
    serverInfo {
      mode
      version
      detector
      modelProfile
      stages
      unavailableStages {
        stage
        reason
      }
      video {
        defaultFps
        defaultMaxFrames
        maxFrames
        maxBytes
      }
    }
  }
`;

export interface SubmittedSession {
  id: string;
  status: SessionStatus;
  stages: Stage[];
}

export const AnalyzeImageMutation = gql<{ analyzeImage: SubmittedSession }, { image: File; stages: Stage[] }>`
  mutation DashboardAnalyzeImage($image: File!, $stages: [Stage!]) {
    analyzeImage(image: $image, stages: $stages) {
      id
      status
      stages
    }
  }
`;

export interface AnalysisEvent {
  type: AnalysisEventType;
  stage: Stage | null;
  model: string | null;
  durationMs: number | null;
  status: SessionStatus;
  error: ErrorInfo | null;
}

export const AnalysisProgressSubscription = gql<{ analysisProgress: AnalysisEvent }, { sessionId: string }>`
  subscription DashboardAnalysisProgress($sessionId: ID!) {
    analysisProgress(sessionId: $sessionId) {
      type
      stage
      model
      durationMs
      status
      error {
        code
        message
      }
    }
  }
`;

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FaceResult {
  id: string;
  score: number;
  box: Box;
  landmarks: Point[];
  liveness: { score: number; verdict: LivenessVerdict } | null;
  quality: { score: number; passed: boolean; issues: string[] } | null;
  ageGender: { age: number; gender: 'MALE' | 'FEMALE'; genderProbability: number } | null;
  deepfake: { score: number; verdict: DeepfakeVerdict } | null;
  identity: { decision: IdentityDecision; similarity: number | null; person: { id: string; name: string } | null } | null;
  emotion: { emotion: string; probability: number } | null;
}

export interface SessionResult {
  id: string;
  status: SessionStatus;
  stages: Stage[];
  image: { width: number; height: number; format: string; bytes: number };
  stageRuns: { stage: Stage; status: string; durationMs: number | null; model: string | null }[];
  error: ErrorInfo | null;
  faces: FaceResult[];
}

export const AnalysisSessionQuery = gql<{ analysisSession: SessionResult | null }, { id: string }>`
  query DashboardAnalysisSession($id: ID!) {
    analysisSession(id: $id) {
      id
      status
      stages
      image {
        width
        height
        format
        bytes
      }
      stageRuns {
        stage
        status
        durationMs
        model
      }
      error {
        code
        message
      }
      faces {
        id
        score
        box {
          x
          y
          width
          height
        }
        landmarks {
          x
          y
        }
        liveness {
          score
          verdict
        }
        quality {
          score
          passed
          issues
        }
        ageGender {
          age
          gender
          genderProbability
        }
        deepfake {
          score
          verdict
        }
        identity {
          decision
          similarity
          person {
            id
            name
          }
        }
        emotion {
          emotion
          probability
        }
      }
    }
  }
`;

export interface LivenessVerdictEvent {
  sessionId: string;
  faceId: string;
  faceIndex: number;
  score: number;
  verdict: LivenessVerdict;
  at: string;
}

export const LivenessVerdictsSubscription = gql<{ livenessVerdicts: LivenessVerdictEvent }, Record<string, never>>`
  subscription DashboardLivenessVerdicts {
    livenessVerdicts {
      sessionId
      faceId
      faceIndex
      score
      verdict
      at
    }
  }
`;

export interface PersonSummary {
  id: string;
  name: string;
  externalId: string | null;
  faces: { id: string; quality: { score: number } | null }[];
}

export const PersonsQuery = gql<{ persons: { edges: { node: PersonSummary }[] } }, Record<string, never>>`
  query DashboardPersons {
    persons(first: 100) {
      edges {
        node {
          id
          name
          externalId
          faces {
            id
            quality {
              score
            }
          }
        }
      }
    }
  }
`;

export const CreatePersonMutation = gql<{ createPerson: { id: string; name: string } }, { name: string; externalId: string | null }>`
  mutation DashboardCreatePerson($name: String!, $externalId: String) {
    createPerson(name: $name, externalId: $externalId) {
      id
      name
    }
  }
`;

export interface EnrolledFace {
  id: string;
  quality: { score: number; issues: string[] } | null;
  liveness: { verdict: LivenessVerdict; score: number } | null;
}

export const EnrollFaceMutation = gql<{ enrollFace: EnrolledFace }, { personId: string; image: File; checkLiveness: boolean }>`
  mutation DashboardEnrollFace($personId: ID!, $image: File!, $checkLiveness: Boolean) {
    enrollFace(personId: $personId, image: $image, checkLiveness: $checkLiveness) {
      id
      quality {
        score
        issues
      }
      liveness {
        verdict
        score
      }
    }
  }
`;
