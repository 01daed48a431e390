/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AnalysisEventType =
  /** Final event: every stage finished. */
  | 'COMPLETED'
  /** Final event: the session failed; see `error`. */
  | 'FAILED'
  /** The session was accepted. */
  | 'QUEUED'
  /** `stage` finished after `durationMs`; its results are readable now. */
  | 'STAGE_FINISHED'
  /** `stage` started on `model`. */
  | 'STAGE_STARTED';

/** A weak signal, not proof: see `Deepfake`. */
export type DeepfakeVerdict =
  /** Manipulation score at or above DEEPFAKE_FAKE_AT. */
  | 'FAKE'
  /** Manipulation score below DEEPFAKE_REAL_BELOW. */
  | 'REAL'
  /** Between the two thresholds. */
  | 'UNCERTAIN';

export type Emotion = 'ANGRY' | 'DISGUST' | 'FEAR' | 'HAPPY' | 'NEUTRAL' | 'SAD' | 'SURPRISE';

export type Gender = 'FEMALE' | 'MALE';

export type IdentificationDecision =
  /** The best candidate is at or above the threshold: `person`. */
  | 'MATCH'
  /** The face has no embedding (below the quality gate). */
  | 'NOT_SEARCHED'
  /** Nobody in the gallery is similar enough: not the nearest neighbour, unknown. */
  | 'UNKNOWN';

export type IdentityDecision =
  /** A gallery person at or above the tenant's identification threshold (recognitionSettings). */
  | 'MATCH'
  /** The face has no embedding (below the quality gate). */
  | 'NOT_SEARCHED'
  /** Nobody in the gallery is similar enough (or the matched person was erased). */
  | 'UNKNOWN';

export type LivenessFaceState =
  /** No face in the latest frame. */
  | 'NONE'
  /** Exactly one face. */
  | 'ONE'
  /** More than one face. */
  | 'SEVERAL';

export type LivenessHint =
  /** The head is turned away: look straight at the camera. */
  | 'FACE_THE_CAMERA'
  /** The face moves fast (motion blur): hold the camera and the head steadier. */
  | 'HOLD_STILL'
  /** The face is dark: add light or face a light source. */
  | 'MORE_LIGHT'
  /** The face fills or leaves the frame: move back. */
  | 'MOVE_BACK'
  /** The face is small in the frame: move closer to the camera. */
  | 'MOVE_CLOSER'
  /** No face is in view. */
  | 'NO_FACE'
  /** Several faces are in view: only the person being checked should be. */
  | 'ONE_FACE_ONLY'
  /** The head turns the right way but not far enough yet. */
  | 'TURN_FURTHER';

export type LivenessMode =
  /** A random ordered challenge (turn left, turn right, blink, optionally nod), then blinks, parallax, PAD and identity. */
  | 'ACTIVE'
  /** No challenge: natural blinks and head motion (parallax), PAD and identity over the frames sent. */
  | 'PASSIVE';

export type LivenessReason =
  /** The challenge steps were not all done, or not in the order asked. */
  | 'CHALLENGE_NOT_MET'
  /** Some frames show a different person than the reference frame. */
  | 'IDENTITY_SWITCH'
  /** The frames came too far apart to see a blink (below the minimum frame rate). */
  | 'LOW_FRAME_RATE'
  /** No frame was good enough to serve as the reference face (no embedding passed the quality gate). */
  | 'LOW_QUALITY'
  /** Several faces were in view in too many frames. */
  | 'MULTIPLE_FACES'
  /** No blink was seen (eyes closing and reopening within a blink duration). */
  | 'NO_BLINK'
  /** No face was found in most frames. */
  | 'NO_FACE'
  /** The per-frame anti-spoofing model found the frames confidently fake. */
  | 'PAD_FAILED'
  /** The anti-spoofing scores were neither clearly live nor clearly fake. */
  | 'PAD_UNCERTAIN'
  /** The head moved too little (or too noisily) to tell a 3-D head from a flat picture. */
  | 'PARALLAX_UNCERTAIN'
  /** The face moved like a flat picture (a print or a screen): one homography explains its landmarks. */
  | 'PLANAR_MOTION'
  /** Frames were sent twice (the same content), as a replay would. */
  | 'REPLAYED_FRAMES'
  /** The session expired before it was finished. */
  | 'TIMEOUT'
  /** Too few frames with exactly one face to decide. */
  | 'TOO_FEW_FRAMES';

export type LivenessSessionEventType =
  /** The verdict; the stream ends. */
  | 'DECIDED'
  /** A chunk was refused; `error` says why. */
  | 'FRAMES_REFUSED'
  /** Feedback on every frame so far (also the first event of a subscription). */
  | 'PROGRESS';

export type LivenessSessionStatus =
  /** The verdict is stored. */
  | 'DECIDED'
  /** Finished; the decision is running. */
  | 'DECIDING'
  /** Takes frames until finishLivenessSession or its expiry. */
  | 'OPEN';

export type LivenessSessionVerdict =
  /** Not enough evidence either way (too few frames, no face, no challenge met, the session expired): try again. */
  | 'INCONCLUSIVE'
  /** A live person did the challenge (or, in PASSIVE mode, blinked or moved in 3-D) with no sign of an attack. */
  | 'LIVE'
  /** A sign of an attack: planar motion (a print or a screen), another identity, confident PAD failure or replayed frames. */
  | 'SPOOF';

export type LivenessStep =
  /** Close both eyes briefly and open them again. */
  | 'BLINK'
  /** Tilt the head down and back up. */
  | 'NOD'
  /** Turn the head to the person's own left (in raw, unmirrored camera frames the nose moves to the image's right). */
  | 'TURN_LEFT'
  /** Turn the head to the person's own right. */
  | 'TURN_RIGHT';

/** From the averaged live score and the server thresholds (serverInfo). */
export type LivenessVerdict =
  /** Live score at or above LIVENESS_LIVE_AT. */
  | 'LIVE'
  /** Live score below LIVENESS_SPOOF_BELOW: a print, a screen replay or a mask is likely. */
  | 'SPOOF'
  /** Between the two thresholds: ask for another capture. */
  | 'UNCERTAIN';

export type ModelProfile =
  /** Best accuracy; includes models licensed for non-commercial use only (SCRFD, age/gender). */
  | 'full'
  /** MIT/Apache-licensed models only: YuNet detector, no AGE_GENDER. */
  | 'permissive';

export type QualityIssue =
  /** Little sharp detail in the aligned face (variance of the Laplacian below 25). */
  | 'BLURRY'
  /** Head turned more than 45° (yaw) or tilted more than 40° (pitch). */
  | 'EXTREME_POSE'
  /** Detector confidence below 0.6. */
  | 'LOW_DETECTOR_SCORE'
  /** The face box is smaller than 64 px on its short side. */
  | 'SMALL_FACE'
  /** Mean brightness of the aligned face above 0.85. */
  | 'TOO_BRIGHT'
  /** Mean brightness of the aligned face below 0.2. */
  | 'TOO_DARK';

export type RecognitionSkipReason =
  /** The face's quality score is below the quality gate (serverInfo.qualityGate). */
  'LOW_QUALITY';

export type SessionStatus =
  /** Every stage finished; results are final. */
  | 'COMPLETED'
  /** Stopped; `error` says why. */
  | 'FAILED'
  /** Accepted and waiting for an inference worker. */
  | 'QUEUED'
  /** A worker is running its stages. */
  | 'RUNNING';

/** A step of the face pipeline. Stages a requested stage needs are added automatically. */
export type Stage =
  'AGE_GENDER' | 'ALIGNMENT' | 'ANTI_SPOOFING' | 'DEEPFAKE' | 'DETECTION' | 'EMOTION' | 'IDENTIFICATION' | 'LANDMARKS' | 'QUALITY' | 'RECOGNITION';

export type StageRunStatus = 'COMPLETED' | 'FAILED' | 'RUNNING';

export type ThresholdSource =
  /** The threshold argument of this request. */
  | 'REQUEST'
  /** RECOGNITION_THRESHOLD / IDENTIFY_THRESHOLD of the server (from npm run eval). */
  | 'SERVER_DEFAULT'
  /** The tenant's own threshold (updateRecognitionSettings). */
  | 'TENANT';

/** How a track's per-frame scores became one (the DFDC winners' confident strategy). */
export type TrackScoreStrategy =
  /** Enough frames were confidently fake: the mean of those. */
  | 'CONFIDENT_FAKE'
  /** Most frames were confidently real: the mean of those. */
  | 'CONFIDENT_REAL'
  /** Neither: the mean of every frame. */
  | 'MEAN';

export type VideoAnalysisStatus =
  /** Tracks and frame faces are stored. */
  | 'COMPLETED'
  /** `error` says why (BAD_VIDEO when it stopped decoding, VIDEO_EXPIRED, INTERNAL). */
  | 'FAILED'
  /** Checked with ffprobe and stored; waiting for a worker. */
  | 'QUEUED'
  /** Frames are being decoded, analysed and tracked (videoProgress streams it). */
  | 'RUNNING';

export type VideoEventType =
  /** Tracks are stored; the stream ends. */
  | 'COMPLETED'
  /** `error` says why; the stream ends. */
  | 'FAILED'
  /** Frames done so far (about every 250 ms; also the first event of a subscription). */
  | 'FRAMES'
  /** A worker started (again, after another was lost: framesDone is back at 0). */
  | 'STARTED'
  /** A track ended (the face left, or another identity took its place). */
  | 'TRACK_ENDED'
  /** A face was seen in enough frames to be a track. */
  | 'TRACK_FORMED';

/** A stage a video analysis runs on each sampled frame (IDENTIFICATION: once per track, on its mean embedding). */
export type VideoStage = 'AGE_GENDER' | 'ANTI_SPOOFING' | 'DEEPFAKE' | 'DETECTION' | 'IDENTIFICATION' | 'QUALITY' | 'RECOGNITION';

export type AnalyzeImageMutationVariables = Exact<{
  image: Blob;
  stages?: Array<Stage> | Stage | null | undefined;
}>;

export type AnalyzeImageMutation = { analyzeImage: { id: string; status: SessionStatus; stages: Array<Stage>; requestId: string | null; createdAt: string } };

export type AnalyzeImagesMutationVariables = Exact<{
  images: Array<Blob> | Blob;
  stages?: Array<Stage> | Stage | null | undefined;
}>;

export type AnalyzeImagesMutation = {
  analyzeImages: {
    id: string;
    size: number;
    createdAt: string;
    sessions: Array<{ id: string; status: SessionStatus; stages: Array<Stage>; error: { code: string; message: string } | null }>;
  };
};

export type AnalysisSessionQueryVariables = Exact<{
  id: string | number;
}>;

export type AnalysisSessionQuery = {
  analysisSession: {
    id: string;
    status: SessionStatus;
    stages: Array<Stage>;
    requestId: string | null;
    createdAt: string;
    startedAt: string | null;
    completedAt: string | null;
    error: { code: string; message: string } | null;
    image: { width: number; height: number; format: string; bytes: number; sha256: string };
    faces: Array<{
      id: string;
      score: number;
      detectedWithPadding: boolean;
      box: { x: number; y: number; width: number; height: number };
      landmarks: Array<{ x: number; y: number }>;
      liveness: { score: number; verdict: LivenessVerdict } | null;
      quality: { score: number; passed: boolean; issues: Array<QualityIssue> } | null;
      headPose: { yaw: number; pitch: number; roll: number } | null;
      ageGender: { age: number; gender: Gender; genderProbability: number } | null;
      deepfake: { score: number; verdict: DeepfakeVerdict } | null;
      emotion: { emotion: Emotion; probability: number } | null;
      recognition: { model: string; skipped: RecognitionSkipReason | null } | null;
      identity: {
        decision: IdentificationDecision;
        similarity: number | null;
        margin: number | null;
        person: { id: string; name: string; externalId: string | null } | null;
        candidates: Array<{ similarity: number; person: { id: string; name: string } }>;
      } | null;
      person: { id: string; name: string } | null;
    }>;
    stageRuns: Array<{ stage: Stage; status: StageRunStatus; model: string | null; durationMs: number | null; startedAt: string; finishedAt: string | null }>;
  } | null;
};

export type AnalysisProgressSubscriptionVariables = Exact<{
  sessionId: string | number;
}>;

export type AnalysisProgressSubscription = {
  analysisProgress: {
    type: AnalysisEventType;
    status: SessionStatus;
    sessionId: string;
    stage: Stage | null;
    model: string | null;
    durationMs: number | null;
    requestId: string | null;
    at: string;
    error: { code: string; message: string } | null;
  };
};

export type LivenessVerdictsSubscriptionVariables = Exact<{ [key: string]: never }>;

export type LivenessVerdictsSubscription = {
  livenessVerdicts: {
    sessionId: string;
    faceId: string;
    faceIndex: number;
    score: number;
    verdict: LivenessVerdict;
    model: string | null;
    at: string;
    face: { box: { x: number; y: number; width: number; height: number } };
  };
};

export type CreatePersonMutationVariables = Exact<{
  name: string;
  externalId?: string | null | undefined;
}>;

export type CreatePersonMutation = { createPerson: { id: string; name: string; externalId: string | null; createdAt: string } };

export type PersonsQueryVariables = Exact<{
  search?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type PersonsQuery = {
  persons: {
    edges: Array<{ node: { id: string; name: string; externalId: string | null; createdAt: string; faces: Array<{ id: string }> } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

export type EnrollFaceMutationVariables = Exact<{
  personId: string | number;
  image?: Blob | null | undefined;
  livenessSessionId?: string | number | null | undefined;
  checkLiveness?: boolean | null | undefined;
  faceIndex?: number | null | undefined;
}>;

export type EnrollFaceMutation = {
  enrollFace: {
    id: string;
    score: number;
    box: { x: number; y: number; width: number; height: number };
    liveness: { score: number; verdict: LivenessVerdict } | null;
    quality: { score: number; passed: boolean; issues: Array<QualityIssue> } | null;
    person: { id: string; name: string } | null;
  };
};

export type EnrollFacesMutationVariables = Exact<{
  personId: string | number;
  images: Array<Blob> | Blob;
  checkLiveness?: boolean | null | undefined;
  requestId?: string | null | undefined;
}>;

export type EnrollFacesMutation = {
  enrollFaces: Array<{
    index: number;
    error: { code: string; message: string } | null;
    face: {
      id: string;
      box: { x: number; y: number; width: number; height: number };
      quality: { score: number; passed: boolean; issues: Array<QualityIssue> } | null;
    } | null;
  }>;
};

export type IdentifyFacesMutationVariables = Exact<{
  image: Blob;
  topK?: number | null | undefined;
  threshold?: number | null | undefined;
}>;

export type IdentifyFacesMutation = {
  identifyFaces: {
    threshold: number;
    thresholdSource: ThresholdSource;
    falseAcceptRate: number;
    falseRejectRate: number;
    measuredOn: string;
    session: { id: string };
    faces: Array<{
      decision: IdentificationDecision;
      similarity: number | null;
      margin: number | null;
      person: { id: string; name: string; externalId: string | null } | null;
      candidates: Array<{ similarity: number; person: { id: string; name: string } }>;
      face: { id: string; box: { x: number; y: number; width: number; height: number } };
    }>;
  };
};

export type VerifyFacesMutationVariables = Exact<{
  imageA: Blob;
  imageB: Blob;
}>;

export type VerifyFacesMutation = {
  verifyFaces: {
    id: string;
    match: boolean;
    similarity: number;
    threshold: number;
    thresholdSource: ThresholdSource;
    falseAcceptRate: number;
    falseRejectRate: number;
    measuredOn: string;
    faceA: { id: string; box: { x: number; y: number; width: number; height: number } };
  };
};

export type VerifyPersonMutationVariables = Exact<{
  image: Blob;
  personId: string | number;
}>;

export type VerifyPersonMutation = {
  verifyPerson: {
    id: string;
    match: boolean;
    similarity: number;
    threshold: number;
    thresholdSource: ThresholdSource;
    falseAcceptRate: number;
    falseRejectRate: number;
    measuredOn: string;
    faceA: { id: string; box: { x: number; y: number; width: number; height: number } };
    faceB: { id: string; person: { id: string; name: string } | null } | null;
  };
};

export type LivenessProgressFieldsFragment = {
  faceState: LivenessFaceState;
  activeStep: LivenessStep | null;
  activeStepIndex: number;
  stepProgress: number;
  stepsCompleted: Array<LivenessStep>;
  hints: Array<LivenessHint>;
};

export type CreateLivenessSessionMutationVariables = Exact<{
  mode?: LivenessMode | null | undefined;
  nod?: boolean | null | undefined;
}>;

export type CreateLivenessSessionMutation = {
  createLivenessSession: {
    id: string;
    mode: LivenessMode;
    status: LivenessSessionStatus;
    nonce: string;
    expiresAt: string;
    challenge: { steps: Array<LivenessStep>; minFps: number; frameBudget: number; maxFramesPerCall: number };
  };
};

export type AddLivenessFramesMutationVariables = Exact<{
  sessionId: string | number;
  frames: Array<Blob> | Blob;
  firstSeq: number;
  timestampsMs: Array<number> | number;
}>;

export type AddLivenessFramesMutation = {
  addLivenessFrames: {
    session: { id: string; framesReceived: number };
    progress: {
      faceState: LivenessFaceState;
      activeStep: LivenessStep | null;
      activeStepIndex: number;
      stepProgress: number;
      stepsCompleted: Array<LivenessStep>;
      hints: Array<LivenessHint>;
    };
  };
};

export type FinishLivenessSessionMutationVariables = Exact<{
  sessionId: string | number;
}>;

export type FinishLivenessSessionMutation = {
  finishLivenessSession: {
    id: string;
    status: LivenessSessionStatus;
    verdict: LivenessSessionVerdict | null;
    reasons: Array<LivenessReason>;
    decidedAt: string | null;
    framesReceived: number;
    referenceFace: { id: string; quality: { score: number } | null } | null;
  };
};

export type LivenessSessionProgressSubscriptionVariables = Exact<{
  sessionId: string | number;
}>;

export type LivenessSessionProgressSubscription = {
  livenessSessionProgress: {
    type: LivenessSessionEventType;
    framesReceived: number;
    verdict: LivenessSessionVerdict | null;
    reasons: Array<LivenessReason>;
    at: string;
    progress: {
      faceState: LivenessFaceState;
      activeStep: LivenessStep | null;
      activeStepIndex: number;
      stepProgress: number;
      stepsCompleted: Array<LivenessStep>;
      hints: Array<LivenessHint>;
    } | null;
    error: { code: string; message: string } | null;
  };
};

export type ServerInfoQueryVariables = Exact<{ [key: string]: never }>;

export type ServerInfoQuery = {
  serverInfo: {
    version: string;
    mode: string;
    database: string;
    modelProfile: ModelProfile;
    detector: string;
    stages: Array<Stage>;
    recognitionThreshold: number;
    qualityGate: number;
    unavailableStages: Array<{ stage: Stage; reason: string }>;
  };
};

export type VideoAnalysisFieldsFragment = {
  id: string;
  status: VideoAnalysisStatus;
  stages: Array<string>;
  fileName: string | null;
  bytes: number;
  container: string;
  codec: string;
  durationSeconds: number;
  sourceFps: number;
  width: number;
  height: number;
  frameWidth: number | null;
  frameHeight: number | null;
  sampleFps: number;
  maxFrames: number;
  framesTotal: number;
  framesDone: number;
  trackCount: number;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  error: { code: string; message: string } | null;
};

export type FaceTrackFieldsFragment = {
  trackId: number;
  firstSeconds: number;
  lastSeconds: number;
  frames: number;
  bestFace: {
    frameIndex: number;
    timestampSeconds: number;
    score: number;
    quality: number | null;
    box: { x: number; y: number; width: number; height: number };
  };
  identification: { decision: IdentityDecision; similarity: number | null; person: { id: string; name: string } | null } | null;
  liveness: { liveScore: number; verdict: LivenessVerdict; strategy: TrackScoreStrategy | null } | null;
  deepfake: { score: number; verdict: DeepfakeVerdict; strategy: TrackScoreStrategy | null } | null;
  ageGender: { age: number | null; gender: Gender | null; genderProbability: number | null } | null;
};

export type AnalyzeVideoMutationVariables = Exact<{
  video: Blob;
  stages?: Array<VideoStage> | VideoStage | null | undefined;
  sampleFps?: number | null | undefined;
  maxFrames?: number | null | undefined;
}>;

export type AnalyzeVideoMutation = {
  analyzeVideo: {
    id: string;
    status: VideoAnalysisStatus;
    stages: Array<string>;
    fileName: string | null;
    bytes: number;
    container: string;
    codec: string;
    durationSeconds: number;
    sourceFps: number;
    width: number;
    height: number;
    frameWidth: number | null;
    frameHeight: number | null;
    sampleFps: number;
    maxFrames: number;
    framesTotal: number;
    framesDone: number;
    trackCount: number;
    createdAt: string;
    startedAt: string | null;
    completedAt: string | null;
    error: { code: string; message: string } | null;
  };
};

export type VideoAnalysisQueryVariables = Exact<{
  id: string | number;
}>;

export type VideoAnalysisQuery = {
  videoAnalysis: {
    id: string;
    status: VideoAnalysisStatus;
    stages: Array<string>;
    fileName: string | null;
    bytes: number;
    container: string;
    codec: string;
    durationSeconds: number;
    sourceFps: number;
    width: number;
    height: number;
    frameWidth: number | null;
    frameHeight: number | null;
    sampleFps: number;
    maxFrames: number;
    framesTotal: number;
    framesDone: number;
    trackCount: number;
    createdAt: string;
    startedAt: string | null;
    completedAt: string | null;
    error: { code: string; message: string } | null;
  };
};

export type VideoAnalysesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type VideoAnalysesQuery = {
  videoAnalyses: {
    edges: Array<{
      node: {
        id: string;
        status: VideoAnalysisStatus;
        stages: Array<string>;
        fileName: string | null;
        bytes: number;
        container: string;
        codec: string;
        durationSeconds: number;
        sourceFps: number;
        width: number;
        height: number;
        frameWidth: number | null;
        frameHeight: number | null;
        sampleFps: number;
        maxFrames: number;
        framesTotal: number;
        framesDone: number;
        trackCount: number;
        createdAt: string;
        startedAt: string | null;
        completedAt: string | null;
        error: { code: string; message: string } | null;
      };
    }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

export type VideoTracksQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type VideoTracksQuery = {
  videoAnalysis: {
    id: string;
    faceTracks: {
      edges: Array<{
        node: {
          trackId: number;
          firstSeconds: number;
          lastSeconds: number;
          frames: number;
          bestFace: {
            frameIndex: number;
            timestampSeconds: number;
            score: number;
            quality: number | null;
            box: { x: number; y: number; width: number; height: number };
          };
          identification: { decision: IdentityDecision; similarity: number | null; person: { id: string; name: string } | null } | null;
          liveness: { liveScore: number; verdict: LivenessVerdict; strategy: TrackScoreStrategy | null } | null;
          deepfake: { score: number; verdict: DeepfakeVerdict; strategy: TrackScoreStrategy | null } | null;
          ageGender: { age: number | null; gender: Gender | null; genderProbability: number | null } | null;
        };
      }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
};

export type VideoFrameFacesQueryVariables = Exact<{
  id: string | number;
  trackId?: number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type VideoFrameFacesQuery = {
  videoAnalysis: {
    id: string;
    frameFaces: {
      edges: Array<{
        node: {
          frameIndex: number;
          timestampSeconds: number;
          faceIndex: number;
          trackId: number | null;
          score: number;
          quality: number | null;
          box: { x: number; y: number; width: number; height: number };
        };
      }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
};

export type DeleteVideoAnalysisMutationVariables = Exact<{
  id: string | number;
}>;

export type DeleteVideoAnalysisMutation = { deleteVideoAnalysis: boolean };

export type VideoProgressSubscriptionVariables = Exact<{
  id: string | number;
}>;

export type VideoProgressSubscription = {
  videoProgress: {
    type: VideoEventType;
    videoAnalysisId: string;
    framesDone: number;
    framesTotal: number;
    at: string;
    track: { trackId: number; firstSeconds: number; lastSeconds: number; frames: number } | null;
    error: { code: string; message: string } | null;
  };
};

export const LivenessProgressFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'LivenessProgressFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'LivenessProgress' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'faceState' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activeStep' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activeStepIndex' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stepProgress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stepsCompleted' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hints' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<LivenessProgressFieldsFragment, unknown>;
export const VideoAnalysisFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'VideoAnalysisFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'VideoAnalysis' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'error' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                { kind: 'Field', name: { kind: 'Name', value: 'message' } },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'stages' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fileName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'bytes' } },
          { kind: 'Field', name: { kind: 'Name', value: 'container' } },
          { kind: 'Field', name: { kind: 'Name', value: 'codec' } },
          { kind: 'Field', name: { kind: 'Name', value: 'durationSeconds' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sourceFps' } },
          { kind: 'Field', name: { kind: 'Name', value: 'width' } },
          { kind: 'Field', name: { kind: 'Name', value: 'height' } },
          { kind: 'Field', name: { kind: 'Name', value: 'frameWidth' } },
          { kind: 'Field', name: { kind: 'Name', value: 'frameHeight' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sampleFps' } },
          { kind: 'Field', name: { kind: 'Name', value: 'maxFrames' } },
          { kind: 'Field', name: { kind: 'Name', value: 'framesTotal' } },
          { kind: 'Field', name: { kind: 'Name', value: 'framesDone' } },
          { kind: 'Field', name: { kind: 'Name', value: 'trackCount' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'completedAt' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<VideoAnalysisFieldsFragment, unknown>;
export const FaceTrackFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'FaceTrackFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'FaceTrack' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'trackId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'firstSeconds' } },
          { kind: 'Field', name: { kind: 'Name', value: 'lastSeconds' } },
          { kind: 'Field', name: { kind: 'Name', value: 'frames' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'bestFace' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'frameIndex' } },
                { kind: 'Field', name: { kind: 'Name', value: 'timestampSeconds' } },
                { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                { kind: 'Field', name: { kind: 'Name', value: 'quality' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'box' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'x' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'y' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'identification' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'decision' } },
                { kind: 'Field', name: { kind: 'Name', value: 'similarity' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'person' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'liveness' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'liveScore' } },
                { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
                { kind: 'Field', name: { kind: 'Name', value: 'strategy' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'deepfake' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
                { kind: 'Field', name: { kind: 'Name', value: 'strategy' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'ageGender' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'age' } },
                { kind: 'Field', name: { kind: 'Name', value: 'gender' } },
                { kind: 'Field', name: { kind: 'Name', value: 'genderProbability' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<FaceTrackFieldsFragment, unknown>;
export const AnalyzeImageDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'AnalyzeImage' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'image' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'File' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'stages' } },
          type: { kind: 'ListType', type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Stage' } } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'analyzeImage' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'image' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'image' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'stages' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'stages' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                { kind: 'Field', name: { kind: 'Name', value: 'stages' } },
                { kind: 'Field', name: { kind: 'Name', value: 'requestId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<AnalyzeImageMutation, AnalyzeImageMutationVariables>;
export const AnalyzeImagesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'AnalyzeImages' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'images' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'ListType', type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'File' } } } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'stages' } },
          type: { kind: 'ListType', type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Stage' } } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'analyzeImages' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'images' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'images' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'stages' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'stages' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'size' } },
                { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'sessions' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'stages' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'error' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<AnalyzeImagesMutation, AnalyzeImagesMutationVariables>;
export const AnalysisSessionDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'AnalysisSession' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'analysisSession' },
            arguments: [{ kind: 'Argument', name: { kind: 'Name', value: 'id' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } } }],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                { kind: 'Field', name: { kind: 'Name', value: 'stages' } },
                { kind: 'Field', name: { kind: 'Name', value: 'requestId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
                { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
                { kind: 'Field', name: { kind: 'Name', value: 'completedAt' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'error' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'image' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'format' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'bytes' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'sha256' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'faces' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'detectedWithPadding' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'box' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'x' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'y' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'landmarks' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'x' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'y' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'liveness' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'quality' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'passed' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'issues' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'headPose' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'yaw' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'pitch' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'roll' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'ageGender' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'age' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'gender' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'genderProbability' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'deepfake' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'emotion' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'emotion' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'probability' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'recognition' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'model' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'skipped' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'identity' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'decision' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'similarity' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'margin' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'person' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'externalId' } },
                                ],
                              },
                            },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'candidates' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'similarity' } },
                                  {
                                    kind: 'Field',
                                    name: { kind: 'Name', value: 'person' },
                                    selectionSet: {
                                      kind: 'SelectionSet',
                                      selections: [
                                        { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                                        { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                                      ],
                                    },
                                  },
                                ],
                              },
                            },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'person' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'stageRuns' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'stage' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'model' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'durationMs' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'finishedAt' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<AnalysisSessionQuery, AnalysisSessionQueryVariables>;
export const AnalysisProgressDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'AnalysisProgress' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'sessionId' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'analysisProgress' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'sessionId' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'sessionId' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                { kind: 'Field', name: { kind: 'Name', value: 'sessionId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'stage' } },
                { kind: 'Field', name: { kind: 'Name', value: 'model' } },
                { kind: 'Field', name: { kind: 'Name', value: 'durationMs' } },
                { kind: 'Field', name: { kind: 'Name', value: 'requestId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'at' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'error' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<AnalysisProgressSubscription, AnalysisProgressSubscriptionVariables>;
export const LivenessVerdictsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'LivenessVerdicts' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'livenessVerdicts' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'sessionId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'faceId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'faceIndex' } },
                { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
                { kind: 'Field', name: { kind: 'Name', value: 'model' } },
                { kind: 'Field', name: { kind: 'Name', value: 'at' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'face' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'box' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'x' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'y' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<LivenessVerdictsSubscription, LivenessVerdictsSubscriptionVariables>;
export const CreatePersonDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'CreatePerson' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'name' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'externalId' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'createPerson' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'name' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'name' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'externalId' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'externalId' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                { kind: 'Field', name: { kind: 'Name', value: 'externalId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CreatePersonMutation, CreatePersonMutationVariables>;
export const PersonsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'Persons' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'search' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'persons' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'search' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'search' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'first' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'after' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'edges' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'node' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'externalId' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'faces' },
                              selectionSet: { kind: 'SelectionSet', selections: [{ kind: 'Field', name: { kind: 'Name', value: 'id' } }] },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'pageInfo' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'endCursor' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PersonsQuery, PersonsQueryVariables>;
export const EnrollFaceDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'EnrollFace' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'personId' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'image' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'File' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'livenessSessionId' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'checkLiveness' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'faceIndex' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'enrollFace' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'personId' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'personId' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'image' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'image' } } },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'livenessSessionId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'livenessSessionId' } },
              },
              { kind: 'Argument', name: { kind: 'Name', value: 'checkLiveness' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'checkLiveness' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'faceIndex' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'faceIndex' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'box' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'x' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'y' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'liveness' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'quality' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'passed' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'issues' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'person' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<EnrollFaceMutation, EnrollFaceMutationVariables>;
export const EnrollFacesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'EnrollFaces' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'personId' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'images' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'ListType', type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'File' } } } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'checkLiveness' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'requestId' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'enrollFaces' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'personId' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'personId' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'images' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'images' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'checkLiveness' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'checkLiveness' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'requestId' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'requestId' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'index' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'error' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'face' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'box' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'x' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'y' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'quality' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'passed' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'issues' } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<EnrollFacesMutation, EnrollFacesMutationVariables>;
export const IdentifyFacesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'IdentifyFaces' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'image' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'File' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'topK' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'threshold' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Float' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'identifyFaces' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'image' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'image' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'topK' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'topK' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'threshold' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'threshold' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'threshold' } },
                { kind: 'Field', name: { kind: 'Name', value: 'thresholdSource' } },
                { kind: 'Field', name: { kind: 'Name', value: 'falseAcceptRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'falseRejectRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'measuredOn' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'session' },
                  selectionSet: { kind: 'SelectionSet', selections: [{ kind: 'Field', name: { kind: 'Name', value: 'id' } }] },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'faces' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'decision' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'similarity' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'margin' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'person' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'externalId' } },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'candidates' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'similarity' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'person' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'face' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'box' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'x' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'y' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<IdentifyFacesMutation, IdentifyFacesMutationVariables>;
export const VerifyFacesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'VerifyFaces' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'imageA' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'File' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'imageB' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'File' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'verifyFaces' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'imageA' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'imageA' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'imageB' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'imageB' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'match' } },
                { kind: 'Field', name: { kind: 'Name', value: 'similarity' } },
                { kind: 'Field', name: { kind: 'Name', value: 'threshold' } },
                { kind: 'Field', name: { kind: 'Name', value: 'thresholdSource' } },
                { kind: 'Field', name: { kind: 'Name', value: 'falseAcceptRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'falseRejectRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'measuredOn' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'faceA' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'box' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'x' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'y' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<VerifyFacesMutation, VerifyFacesMutationVariables>;
export const VerifyPersonDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'VerifyPerson' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'image' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'File' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'personId' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'verifyPerson' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'image' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'image' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'personId' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'personId' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'match' } },
                { kind: 'Field', name: { kind: 'Name', value: 'similarity' } },
                { kind: 'Field', name: { kind: 'Name', value: 'threshold' } },
                { kind: 'Field', name: { kind: 'Name', value: 'thresholdSource' } },
                { kind: 'Field', name: { kind: 'Name', value: 'falseAcceptRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'falseRejectRate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'measuredOn' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'faceA' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'box' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'x' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'y' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'faceB' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'person' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<VerifyPersonMutation, VerifyPersonMutationVariables>;
export const CreateLivenessSessionDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'CreateLivenessSession' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'mode' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'LivenessMode' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'nod' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Boolean' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'createLivenessSession' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'mode' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'mode' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'nod' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'nod' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'mode' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                { kind: 'Field', name: { kind: 'Name', value: 'nonce' } },
                { kind: 'Field', name: { kind: 'Name', value: 'expiresAt' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'challenge' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'steps' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'minFps' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'frameBudget' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'maxFramesPerCall' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CreateLivenessSessionMutation, CreateLivenessSessionMutationVariables>;
export const AddLivenessFramesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'AddLivenessFrames' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'sessionId' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'frames' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'ListType', type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'File' } } } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'firstSeq' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'timestampsMs' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'ListType', type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Float' } } } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'addLivenessFrames' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'sessionId' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'sessionId' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'frames' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'frames' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'firstSeq' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'firstSeq' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'timestampsMs' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'timestampsMs' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'session' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'framesReceived' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'progress' },
                  selectionSet: { kind: 'SelectionSet', selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'LivenessProgressFields' } }] },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'LivenessProgressFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'LivenessProgress' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'faceState' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activeStep' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activeStepIndex' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stepProgress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stepsCompleted' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hints' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<AddLivenessFramesMutation, AddLivenessFramesMutationVariables>;
export const FinishLivenessSessionDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'FinishLivenessSession' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'sessionId' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'finishLivenessSession' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'sessionId' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'sessionId' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
                { kind: 'Field', name: { kind: 'Name', value: 'reasons' } },
                { kind: 'Field', name: { kind: 'Name', value: 'decidedAt' } },
                { kind: 'Field', name: { kind: 'Name', value: 'framesReceived' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'referenceFace' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'quality' },
                        selectionSet: { kind: 'SelectionSet', selections: [{ kind: 'Field', name: { kind: 'Name', value: 'score' } }] },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<FinishLivenessSessionMutation, FinishLivenessSessionMutationVariables>;
export const LivenessSessionProgressDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'LivenessSessionProgress' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'sessionId' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'livenessSessionProgress' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'sessionId' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'sessionId' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                { kind: 'Field', name: { kind: 'Name', value: 'framesReceived' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'progress' },
                  selectionSet: { kind: 'SelectionSet', selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'LivenessProgressFields' } }] },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'error' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                    ],
                  },
                },
                { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
                { kind: 'Field', name: { kind: 'Name', value: 'reasons' } },
                { kind: 'Field', name: { kind: 'Name', value: 'at' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'LivenessProgressFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'LivenessProgress' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'faceState' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activeStep' } },
          { kind: 'Field', name: { kind: 'Name', value: 'activeStepIndex' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stepProgress' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stepsCompleted' } },
          { kind: 'Field', name: { kind: 'Name', value: 'hints' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<LivenessSessionProgressSubscription, LivenessSessionProgressSubscriptionVariables>;
export const ServerInfoDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'ServerInfo' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'serverInfo' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'version' } },
                { kind: 'Field', name: { kind: 'Name', value: 'mode' } },
                { kind: 'Field', name: { kind: 'Name', value: 'database' } },
                { kind: 'Field', name: { kind: 'Name', value: 'modelProfile' } },
                { kind: 'Field', name: { kind: 'Name', value: 'detector' } },
                { kind: 'Field', name: { kind: 'Name', value: 'stages' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'unavailableStages' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'stage' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                    ],
                  },
                },
                { kind: 'Field', name: { kind: 'Name', value: 'recognitionThreshold' } },
                { kind: 'Field', name: { kind: 'Name', value: 'qualityGate' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ServerInfoQuery, ServerInfoQueryVariables>;
export const AnalyzeVideoDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'AnalyzeVideo' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'video' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'File' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'stages' } },
          type: { kind: 'ListType', type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'VideoStage' } } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'sampleFps' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Float' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'maxFrames' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'analyzeVideo' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'video' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'video' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'stages' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'stages' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'sampleFps' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'sampleFps' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'maxFrames' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'maxFrames' } } },
            ],
            selectionSet: { kind: 'SelectionSet', selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'VideoAnalysisFields' } }] },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'VideoAnalysisFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'VideoAnalysis' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'error' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                { kind: 'Field', name: { kind: 'Name', value: 'message' } },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'stages' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fileName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'bytes' } },
          { kind: 'Field', name: { kind: 'Name', value: 'container' } },
          { kind: 'Field', name: { kind: 'Name', value: 'codec' } },
          { kind: 'Field', name: { kind: 'Name', value: 'durationSeconds' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sourceFps' } },
          { kind: 'Field', name: { kind: 'Name', value: 'width' } },
          { kind: 'Field', name: { kind: 'Name', value: 'height' } },
          { kind: 'Field', name: { kind: 'Name', value: 'frameWidth' } },
          { kind: 'Field', name: { kind: 'Name', value: 'frameHeight' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sampleFps' } },
          { kind: 'Field', name: { kind: 'Name', value: 'maxFrames' } },
          { kind: 'Field', name: { kind: 'Name', value: 'framesTotal' } },
          { kind: 'Field', name: { kind: 'Name', value: 'framesDone' } },
          { kind: 'Field', name: { kind: 'Name', value: 'trackCount' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'completedAt' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<AnalyzeVideoMutation, AnalyzeVideoMutationVariables>;
export const VideoAnalysisDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'VideoAnalysis' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'videoAnalysis' },
            arguments: [{ kind: 'Argument', name: { kind: 'Name', value: 'id' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } } }],
            selectionSet: { kind: 'SelectionSet', selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'VideoAnalysisFields' } }] },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'VideoAnalysisFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'VideoAnalysis' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'error' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                { kind: 'Field', name: { kind: 'Name', value: 'message' } },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'stages' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fileName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'bytes' } },
          { kind: 'Field', name: { kind: 'Name', value: 'container' } },
          { kind: 'Field', name: { kind: 'Name', value: 'codec' } },
          { kind: 'Field', name: { kind: 'Name', value: 'durationSeconds' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sourceFps' } },
          { kind: 'Field', name: { kind: 'Name', value: 'width' } },
          { kind: 'Field', name: { kind: 'Name', value: 'height' } },
          { kind: 'Field', name: { kind: 'Name', value: 'frameWidth' } },
          { kind: 'Field', name: { kind: 'Name', value: 'frameHeight' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sampleFps' } },
          { kind: 'Field', name: { kind: 'Name', value: 'maxFrames' } },
          { kind: 'Field', name: { kind: 'Name', value: 'framesTotal' } },
          { kind: 'Field', name: { kind: 'Name', value: 'framesDone' } },
          { kind: 'Field', name: { kind: 'Name', value: 'trackCount' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'completedAt' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<VideoAnalysisQuery, VideoAnalysisQueryVariables>;
export const VideoAnalysesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'VideoAnalyses' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'videoAnalyses' },
            arguments: [
              { kind: 'Argument', name: { kind: 'Name', value: 'first' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } } },
              { kind: 'Argument', name: { kind: 'Name', value: 'after' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } } },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'edges' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'node' },
                        selectionSet: { kind: 'SelectionSet', selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'VideoAnalysisFields' } }] },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'pageInfo' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'endCursor' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'VideoAnalysisFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'VideoAnalysis' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'error' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                { kind: 'Field', name: { kind: 'Name', value: 'message' } },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'stages' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fileName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'bytes' } },
          { kind: 'Field', name: { kind: 'Name', value: 'container' } },
          { kind: 'Field', name: { kind: 'Name', value: 'codec' } },
          { kind: 'Field', name: { kind: 'Name', value: 'durationSeconds' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sourceFps' } },
          { kind: 'Field', name: { kind: 'Name', value: 'width' } },
          { kind: 'Field', name: { kind: 'Name', value: 'height' } },
          { kind: 'Field', name: { kind: 'Name', value: 'frameWidth' } },
          { kind: 'Field', name: { kind: 'Name', value: 'frameHeight' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sampleFps' } },
          { kind: 'Field', name: { kind: 'Name', value: 'maxFrames' } },
          { kind: 'Field', name: { kind: 'Name', value: 'framesTotal' } },
          { kind: 'Field', name: { kind: 'Name', value: 'framesDone' } },
          { kind: 'Field', name: { kind: 'Name', value: 'trackCount' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'completedAt' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<VideoAnalysesQuery, VideoAnalysesQueryVariables>;
export const VideoTracksDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'VideoTracks' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'videoAnalysis' },
            arguments: [{ kind: 'Argument', name: { kind: 'Name', value: 'id' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } } }],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'faceTracks' },
                  arguments: [
                    { kind: 'Argument', name: { kind: 'Name', value: 'first' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } } },
                    { kind: 'Argument', name: { kind: 'Name', value: 'after' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } } },
                  ],
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'edges' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'node' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'FaceTrackFields' } }],
                              },
                            },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'pageInfo' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'endCursor' } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'FaceTrackFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'FaceTrack' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'trackId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'firstSeconds' } },
          { kind: 'Field', name: { kind: 'Name', value: 'lastSeconds' } },
          { kind: 'Field', name: { kind: 'Name', value: 'frames' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'bestFace' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'frameIndex' } },
                { kind: 'Field', name: { kind: 'Name', value: 'timestampSeconds' } },
                { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                { kind: 'Field', name: { kind: 'Name', value: 'quality' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'box' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'x' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'y' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'identification' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'decision' } },
                { kind: 'Field', name: { kind: 'Name', value: 'similarity' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'person' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'liveness' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'liveScore' } },
                { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
                { kind: 'Field', name: { kind: 'Name', value: 'strategy' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'deepfake' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                { kind: 'Field', name: { kind: 'Name', value: 'verdict' } },
                { kind: 'Field', name: { kind: 'Name', value: 'strategy' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'ageGender' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'age' } },
                { kind: 'Field', name: { kind: 'Name', value: 'gender' } },
                { kind: 'Field', name: { kind: 'Name', value: 'genderProbability' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<VideoTracksQuery, VideoTracksQueryVariables>;
export const VideoFrameFacesDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'VideoFrameFaces' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'trackId' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'videoAnalysis' },
            arguments: [{ kind: 'Argument', name: { kind: 'Name', value: 'id' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } } }],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'frameFaces' },
                  arguments: [
                    { kind: 'Argument', name: { kind: 'Name', value: 'trackId' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'trackId' } } },
                    { kind: 'Argument', name: { kind: 'Name', value: 'first' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } } },
                    { kind: 'Argument', name: { kind: 'Name', value: 'after' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } } },
                  ],
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'edges' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'node' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'frameIndex' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'timestampSeconds' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'faceIndex' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'trackId' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'quality' } },
                                  {
                                    kind: 'Field',
                                    name: { kind: 'Name', value: 'box' },
                                    selectionSet: {
                                      kind: 'SelectionSet',
                                      selections: [
                                        { kind: 'Field', name: { kind: 'Name', value: 'x' } },
                                        { kind: 'Field', name: { kind: 'Name', value: 'y' } },
                                        { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                                        { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                                      ],
                                    },
                                  },
                                ],
                              },
                            },
                          ],
                        },
                      },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'pageInfo' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'endCursor' } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<VideoFrameFacesQuery, VideoFrameFacesQueryVariables>;
export const DeleteVideoAnalysisDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'DeleteVideoAnalysis' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'deleteVideoAnalysis' },
            arguments: [{ kind: 'Argument', name: { kind: 'Name', value: 'id' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } } }],
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<DeleteVideoAnalysisMutation, DeleteVideoAnalysisMutationVariables>;
export const VideoProgressDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'VideoProgress' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'videoProgress' },
            arguments: [{ kind: 'Argument', name: { kind: 'Name', value: 'id' }, value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } } }],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                { kind: 'Field', name: { kind: 'Name', value: 'videoAnalysisId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'framesDone' } },
                { kind: 'Field', name: { kind: 'Name', value: 'framesTotal' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'track' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'trackId' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'firstSeconds' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'lastSeconds' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'frames' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'error' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                    ],
                  },
                },
                { kind: 'Field', name: { kind: 'Name', value: 'at' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<VideoProgressSubscription, VideoProgressSubscriptionVariables>;
