// The video operations of the dashboard's Videos page, typed by hand from schema.graphql (VideoAnalysis, FaceTrack,
// VideoFrameFace, VideoProgressEvent), and the paging that loads a finished analysis whole.
import { gql, type Client, type OperationResult, type TypedDocumentNode } from 'urql';
import type { Box, DeepfakeVerdict, ErrorInfo, IdentityDecision, LivenessVerdict } from './api.ts';
import { errorOf } from './client.ts';

export type VideoStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
export type VideoEventType = 'STARTED' | 'FRAMES' | 'TRACK_FORMED' | 'TRACK_ENDED' | 'COMPLETED' | 'FAILED';

/**
 * The video on the page: being uploaded, refused at upload (with the server's code), or an analysis
 * (just uploaded, with the local file to play, or opened from the list, without it).
 */
export type VideoSelection =
  | { kind: 'uploading'; key: string; fileName: string; objectUrl: string }
  | { kind: 'refused'; key: string; fileName: string; error: ErrorInfo }
  | { kind: 'analysis'; key: string; id: string; fileName: string; objectUrl: string | null; summary: VideoSummary | null };

/** What the list and the header of an analysis show. */
export interface VideoSummary {
  id: string;
  status: VideoStatus;
  fileName: string | null;
  bytes: number;
  durationSeconds: number;
  width: number;
  height: number;
  /** The sampled frames' size, the boxes' pixels (set once COMPLETED). */
  frameWidth: number | null;
  frameHeight: number | null;
  sampleFps: number;
  framesTotal: number;
  framesDone: number;
  trackCount: number;
  createdAt: string;
  error: ErrorInfo | null;
}

const SUMMARY_FIELDS = /* GraphQL */ `
  id
  status
  fileName
  bytes
  durationSeconds
  width
  height
  frameWidth
  frameHeight
  sampleFps
  framesTotal
  framesDone
  trackCount
  createdAt
  error {
    code
    message
  }
`;

export const AnalyzeVideoMutation = gql<{ analyzeVideo: VideoSummary }, { video: File; sampleFps: number | null; maxFrames: number | null }>(`
  mutation DashboardAnalyzeVideo($video: File!, $sampleFps: Float, $maxFrames: Int) {
    analyzeVideo(video: $video, sampleFps: $sampleFps, maxFrames: $maxFrames) {
      ${SUMMARY_FIELDS}
    }
  }
`);

export const VideoAnalysesQuery = gql<{ videoAnalyses: { edges: { node: VideoSummary }[] } }, Record<string, never>>(`
  query DashboardVideoAnalyses {
    videoAnalyses(first: 10) {
      edges {
        node {
          ${SUMMARY_FIELDS}
        }
      }
    }
  }
`);

export interface VideoTrackProgress {
  trackId: number;
  firstSeconds: number;
  lastSeconds: number;
  frames: number;
}

export interface VideoProgressEvent {
  type: VideoEventType;
  framesDone: number;
  framesTotal: number;
  track: VideoTrackProgress | null;
  error: ErrorInfo | null;
}

export const VideoProgressSubscription = gql<{ videoProgress: VideoProgressEvent }, { id: string }>`
  subscription DashboardVideoProgress($id: ID!) {
    videoProgress(id: $id) {
      type
      framesDone
      framesTotal
      track {
        trackId
        firstSeconds
        lastSeconds
        frames
      }
      error {
        code
        message
      }
    }
  }
`;

export interface FaceTrack {
  trackId: number;
  firstSeconds: number;
  lastSeconds: number;
  frames: number;
  bestFace: { timestampSeconds: number; box: Box };
  identification: { decision: IdentityDecision; similarity: number | null; person: { id: string; name: string } | null } | null;
  liveness: { liveScore: number; verdict: LivenessVerdict } | null;
  deepfake: { score: number; verdict: DeepfakeVerdict } | null;
  ageGender: { age: number | null; gender: 'MALE' | 'FEMALE' | null } | null;
}

export interface FrameFace {
  frameIndex: number;
  timestampSeconds: number;
  trackId: number | null;
  box: Box;
}

interface Page<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface TracksData {
  videoAnalysis: VideoSummary & { faceTracks: Page<FaceTrack> };
}

interface FramesData {
  videoAnalysis: { frameFaces: Page<FrameFace> };
}

/** Page sizes as variables: the largest the server serves (faceTracks 200, frameFaces 500). */
const TRACKS_PAGE = 200;
const FACES_PAGE = 500;

const VideoTracksQuery = gql<TracksData, { id: string; first: number; after: string | null }>(`
  query DashboardVideoTracks($id: ID!, $first: Int!, $after: String) {
    videoAnalysis(id: $id) {
      ${SUMMARY_FIELDS}
      faceTracks(first: $first, after: $after) {
        edges {
          node {
            trackId
            firstSeconds
            lastSeconds
            frames
            bestFace {
              timestampSeconds
              box {
                x
                y
                width
                height
              }
            }
            identification {
              decision
              similarity
              person {
                id
                name
              }
            }
            liveness {
              liveScore
              verdict
            }
            deepfake {
              score
              verdict
            }
            ageGender {
              age
              gender
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

const VideoFrameFacesQuery = gql<FramesData, { id: string; first: number; after: string | null }>`
  query DashboardVideoFrameFaces($id: ID!, $first: Int!, $after: String) {
    videoAnalysis(id: $id) {
      id
      frameFaces(first: $first, after: $after) {
        edges {
          node {
            frameIndex
            timestampSeconds
            trackId
            box {
              x
              y
              width
              height
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export interface VideoResult {
  analysis: VideoSummary;
  tracks: FaceTrack[];
  frameFaces: FrameFace[];
}

async function fetchPage<Data extends object>(
  client: Client,
  query: TypedDocumentNode<Data, { id: string; first: number; after: string | null }>,
  variables: { id: string; first: number; after: string | null },
): Promise<Data> {
  const answer: OperationResult<Data> = await client.query(query, variables).toPromise();
  if (!answer.data) throw new VideoLoadError(answer.error ? errorOf(answer.error) : { code: 'NO_ANSWER', message: 'The server sent no result.' });
  return answer.data;
}

/** A finished analysis with every track and every frame face: both connections paged to their ends. */
export async function loadVideoResult(client: Client, id: string): Promise<VideoResult> {
  let analysis: VideoSummary | null = null;
  const tracks: FaceTrack[] = [];
  for (let after: string | null = null, more = true; more;) {
    const data: TracksData = await fetchPage(client, VideoTracksQuery, { id, first: TRACKS_PAGE, after });
    const { faceTracks, ...summary } = data.videoAnalysis;
    analysis ??= summary;
    tracks.push(...faceTracks.edges.map((e) => e.node));
    more = faceTracks.pageInfo.hasNextPage;
    after = faceTracks.pageInfo.endCursor;
  }
  const frameFaces: FrameFace[] = [];
  for (let after: string | null = null, more = true; more;) {
    const data: FramesData = await fetchPage(client, VideoFrameFacesQuery, { id, first: FACES_PAGE, after });
    const page = data.videoAnalysis.frameFaces;
    frameFaces.push(...page.edges.map((e) => e.node));
    more = page.pageInfo.hasNextPage;
    after = page.pageInfo.endCursor;
  }
  if (!analysis) throw new VideoLoadError({ code: 'NO_ANSWER', message: 'The server sent no result.' });
  return { analysis, tracks, frameFaces };
}

export class VideoLoadError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}
