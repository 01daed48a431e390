/**
 * The FaceSocial SDK: typed operations over the GraphQL API (`@urql/core` over fetch, uploads as GraphQL
 * multipart requests) and its subscriptions (graphql-ws). Browser-safe: Node-only helpers are in
 * `facesocial/client/node` (`fileFromPath`). See src/client/README.md.
 */
import { Client, createRequest, fetchExchange, subscriptionExchange, type AnyVariables, type OperationResult, type TypedDocumentNode } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { FATAL_CLOSE_CODES, FaceSocialError, toFaceSocialError, transportError } from './errors.ts';
import { toBlob, type Upload } from './files.ts';
import {
  AddLivenessFramesDocument,
  CreateLivenessSessionDocument,
  FinishLivenessSessionDocument,
  LivenessSessionProgressDocument,
  AnalysisProgressDocument,
  AnalysisSessionDocument,
  AnalyzeImageDocument,
  AnalyzeImagesDocument,
  AnalyzeVideoDocument,
  CreatePersonDocument,
  DeleteVideoAnalysisDocument,
  EnrollFaceDocument,
  EnrollFacesDocument,
  IdentifyFacesDocument,
  LivenessVerdictsDocument,
  PersonsDocument,
  ServerInfoDocument,
  VerifyFacesDocument,
  VerifyPersonDocument,
  VideoAnalysesDocument,
  VideoAnalysisDocument,
  VideoFrameFacesDocument,
  VideoProgressDocument,
  VideoTracksDocument,
  type AddLivenessFramesMutation,
  type CreateLivenessSessionMutation,
  type FinishLivenessSessionMutation,
  type LivenessMode,
  type LivenessSessionProgressSubscription,
  type AnalysisProgressSubscription,
  type AnalysisSessionQuery,
  type AnalyzeImageMutation,
  type AnalyzeImagesMutation,
  type CreatePersonMutation,
  type EnrollFaceMutation,
  type EnrollFacesMutation,
  type IdentifyFacesMutation,
  type LivenessVerdictsSubscription,
  type PersonsQuery,
  type ServerInfoQuery,
  type Stage,
  type VerifyFacesMutation,
  type VerifyPersonMutation,
  type FaceTrackFieldsFragment,
  type VideoAnalysisFieldsFragment,
  type VideoFrameFacesQuery,
  type VideoProgressSubscription,
  type VideoStage,
} from './generated/graphql.ts';
import { EventStream } from './stream.ts';

export { FaceSocialError, type FaceSocialErrorDetail } from './errors.ts';
export { fileFromBytes, type NamedBytes, type Upload } from './files.ts';
export type {
  AnalysisEventType,
  DeepfakeVerdict,
  Gender,
  IdentificationDecision,
  LivenessHint,
  LivenessMode,
  LivenessReason,
  LivenessSessionVerdict,
  LivenessStep,
  LivenessVerdict,
  QualityIssue,
  SessionStatus,
  Stage,
  ThresholdSource,
  TrackScoreStrategy,
  VideoAnalysisStatus,
  VideoEventType,
  VideoStage,
} from './generated/graphql.ts';

/** analyzeImage's answer: the queued session (follow it with `watchSession`, read it with `session`). */
export type QueuedSession = AnalyzeImageMutation['analyzeImage'];
export type AnalysisBatch = AnalyzeImagesMutation['analyzeImages'];
/** A session with its faces and every stage's results. */
export type AnalysisSession = NonNullable<AnalysisSessionQuery['analysisSession']>;
export type SessionFace = AnalysisSession['faces'][number];
/** One `analysisProgress` event: QUEUED, STAGE_STARTED / STAGE_FINISHED per stage, then COMPLETED or FAILED. */
export type ProgressEvent = AnalysisProgressSubscription['analysisProgress'];
export type LivenessVerdictEvent = LivenessVerdictsSubscription['livenessVerdicts'];
export type Person = CreatePersonMutation['createPerson'];
export type PersonListItem = PersonsQuery['persons']['edges'][number]['node'];
export type EnrolledFace = EnrollFaceMutation['enrollFace'];
export type EnrollmentResult = EnrollFacesMutation['enrollFaces'][number];
export type Identification = IdentifyFacesMutation['identifyFaces'];
export type Verification = VerifyFacesMutation['verifyFaces'];
/** verifyPerson's answer: also the enrolled face that matched best (`faceB`). */
export type PersonVerification = VerifyPersonMutation['verifyPerson'];
export type ServerInfo = ServerInfoQuery['serverInfo'];
/** A new liveness session: its challenge (ACTIVE mode), nonce and expiry. */
export type LivenessSession = CreateLivenessSessionMutation['createLivenessSession'];
/** addLivenessFrames' answer: the frames taken so far and the feedback on them. */
export type LivenessFramesResult = AddLivenessFramesMutation['addLivenessFrames'];
/** The decided session: LIVE, SPOOF or INCONCLUSIVE with reason codes, and the reference face. */
export type LivenessResult = FinishLivenessSessionMutation['finishLivenessSession'];
/** One livenessSessionProgress event: PROGRESS (feedback), FRAMES_REFUSED, then DECIDED. */
export type LivenessSessionEvent = LivenessSessionProgressSubscription['livenessSessionProgress'];

/** A video analysis: its status, the video's facts (ffprobe), the sampling, frames done and the track count. */
export type VideoAnalysis = VideoAnalysisFieldsFragment;
/** One face followed across the sampled frames: its time span, best frame, identification and per-track verdicts. */
export type FaceTrack = FaceTrackFieldsFragment;
/** One face of one sampled frame (its box, and the track it belongs to). */
export type VideoFrameFace = VideoFrameFacesQuery['videoAnalysis']['frameFaces']['edges'][number]['node'];
/** One videoProgress event: FRAMES (also the first one), STARTED, TRACK_FORMED / TRACK_ENDED, then COMPLETED or FAILED. */
export type VideoProgressEvent = VideoProgressSubscription['videoProgress'];
/** A finished analysis with all its tracks (analyzeVideoAndWait). */
export type VideoAnalysisWithTracks = VideoAnalysis & { tracks: FaceTrack[] };

export interface AnalyzeVideoOptions {
  /** Defaults to every video stage the server runs; RECOGNITION is always added (the tracker compares embeddings). */
  stages?: readonly VideoStage[] | undefined;
  /** Frames sampled per second (server default VIDEO_DEFAULT_FPS, at most 60), lowered to fit `maxFrames`. */
  sampleFps?: number | undefined;
  /** At most this many frames over the whole video (server default VIDEO_DEFAULT_MAX_FRAMES, at most VIDEO_MAX_FRAMES). */
  maxFrames?: number | undefined;
}

export interface AnalyzeVideoAndWaitOptions extends AnalyzeVideoOptions {
  /** The queued analysis, once the upload has been accepted (before any progress event). */
  onQueued?: ((analysis: VideoAnalysis) => void) | undefined;
  /** Each progress event, as it arrives. */
  onProgress?: ((event: VideoProgressEvent) => void) | undefined;
  /** Stops waiting (the analysis goes on on the server): the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

export interface VideoAnalysisPage {
  analyses: VideoAnalysis[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** A captured frame and when it was captured (ms, increasing). */
export interface LivenessFrame {
  file: Upload;
  timestampMs: number;
}

export interface PersonPage {
  persons: PersonListItem[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface FaceSocialClientOptions {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql (graphql-ws uses the same path over ws:// or wss://). */
  url: string;
  /** A JWT, sent as `Authorization: Bearer <token>` (and as the `authorization` connection parameter). */
  token?: string | undefined;
  /** An API key (fsk_...), sent as `x-api-key` (and as the `x-api-key` connection parameter). */
  apiKey?: string | undefined;
  /** A WebSocket constructor; defaults to `globalThis.WebSocket`, else the `ws` package (Node 20). */
  webSocketImpl?: unknown;
  /** A fetch implementation; defaults to `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
  /** Reconnection attempts for subscriptions after the socket drops (default: unlimited, with exponential backoff). */
  retryAttempts?: number | undefined;
}

export interface AnalyzeAndWaitOptions {
  stages?: readonly Stage[] | undefined;
  /** Each progress event, as it arrives. */
  onProgress?: ((event: ProgressEvent) => void) | undefined;
}

const TERMINAL: ReadonlySet<string> = new Set(['COMPLETED', 'FAILED']);

/** graphql-ws retries: 0.5 s, 1 s, 2 s, ... up to 30 s, each with up to 250 ms of jitter. */
const backoff = (retries: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** retries) + Math.floor(Math.random() * 250)));

async function webSocketImplementation(given: unknown): Promise<unknown> {
  if (given !== undefined) return given;
  if ('WebSocket' in globalThis) return (globalThis as { WebSocket?: unknown }).WebSocket;
  // Node 20 has no global WebSocket: `ws` is loaded only there (never in a browser bundle's code path).
  const { default: WebSocket } = await import('ws');
  return WebSocket;
}

interface StreamSink<T> {
  next(data: T): void;
  error(error: FaceSocialError): void;
  complete(): void;
}

/** A FaceSocial API client. Create it with `createClient`, call `close()` when done. */
export class FaceSocialClient {
  private readonly urql: Client;
  private wsClient: Promise<WsClient> | undefined;
  private readonly completions = new Map<number, () => void>();
  private readonly streams = new Set<EventStream<unknown>>();
  private nextKey = 0;
  private closed = false;

  constructor(private readonly options: FaceSocialClientOptions) {
    const headers: Record<string, string> = { 'graphql-preflight': '1' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    this.urql = new Client({
      url: options.url,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      fetchOptions: () => ({ headers }),
      preferGetMethod: false,
      requestPolicy: 'network-only',
      exchanges: [
        fetchExchange,
        subscriptionExchange({
          forwardSubscription: (request, operation) => ({
            subscribe: (sink) => {
              let dispose: (() => void) | undefined;
              let cancelled = false;
              this.ws().then(
                (ws) => {
                  if (cancelled) return;
                  dispose = ws.subscribe(
                    {
                      query: request.query ?? '',
                      variables: request.variables ?? {},
                      ...(request.operationName ? { operationName: request.operationName } : {}),
                    },
                    {
                      next: (value) => sink.next(value as Parameters<typeof sink.next>[0]),
                      error: (error) => sink.error(error),
                      complete: () => {
                        this.completions.get(operation.key)?.();
                        sink.complete();
                      },
                    },
                  );
                },
                (error: unknown) => sink.error(error),
              );
              return {
                unsubscribe: () => {
                  cancelled = true;
                  dispose?.();
                },
              };
            },
          }),
        }),
      ],
    });
  }

  /** Uploads an image and queues its analysis (defaults to [DETECTION]; needed stages are added). */
  async analyzeImage(file: Upload, stages?: readonly Stage[]): Promise<QueuedSession> {
    const data = await this.mutate(AnalyzeImageDocument, { image: toBlob(file), ...(stages ? { stages: [...stages] } : {}) });
    return data.analyzeImage;
  }

  /** Uploads several images as one batch, one session each (a bad image fails its own session, not the batch). */
  async analyzeImages(files: readonly Upload[], stages?: readonly Stage[]): Promise<AnalysisBatch> {
    const data = await this.mutate(AnalyzeImagesDocument, { images: files.map(toBlob), ...(stages ? { stages: [...stages] } : {}) });
    return data.analyzeImages;
  }

  /** A session with its faces and results. Unknown IDs throw NOT_FOUND. */
  async session(id: string): Promise<AnalysisSession> {
    const data = await this.query(AnalysisSessionDocument, { id });
    if (!data.analysisSession) throw new FaceSocialError(`Analysis session ${id} not found.`, { code: 'NOT_FOUND' });
    return data.analysisSession;
  }

  /**
   * A session's progress events, each once, ending after COMPLETED or FAILED. The server replays what
   * already happened when a subscription starts, so a late call misses nothing; after a dropped socket
   * the subscription is sent again on the new one and the replayed events already seen are skipped.
   */
  watchSession(sessionId: string): AsyncIterableIterator<ProgressEvent> {
    const seen = new Set<string>();
    return this.stream(AnalysisProgressDocument, { sessionId }, (data, push: (event: ProgressEvent) => void, end) => {
      const event = data.analysisProgress;
      const key = `${event.type}:${event.stage ?? ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      push(event);
      if (TERMINAL.has(event.type)) end();
    });
  }

  /** Every liveness verdict of the caller's tenant as it is decided (live only: verdicts while disconnected are not replayed). */
  watchLiveness(): AsyncIterableIterator<LivenessVerdictEvent> {
    return this.stream(LivenessVerdictsDocument, {}, (data, push: (event: LivenessVerdictEvent) => void) => push(data.livenessVerdicts));
  }

  /** analyzeImage, then its progress until it ends, then the session with its results. */
  async analyzeAndWait(file: Upload, options: AnalyzeAndWaitOptions = {}): Promise<AnalysisSession> {
    const queued = await this.analyzeImage(file, options.stages);
    for await (const event of this.watchSession(queued.id)) options.onProgress?.(event);
    return this.session(queued.id);
  }

  async createPerson(name: string, externalId?: string): Promise<Person> {
    const data = await this.mutate(CreatePersonDocument, { name, ...(externalId === undefined ? {} : { externalId }) });
    return data.createPerson;
  }

  /** Persons by name, a page at a time; `search` matches part of the name or externalId (case-insensitive). */
  async persons(options: { search?: string; first?: number; after?: string } = {}): Promise<PersonPage> {
    const data = await this.query(PersonsDocument, { ...options });
    return { persons: data.persons.edges.map((edge) => edge.node), hasNextPage: data.persons.pageInfo.hasNextPage, endCursor: data.persons.pageInfo.endCursor };
  }

  /**
   * Enrolls the image's face to a person, or the reference face of a LIVE liveness session (`{ livenessSessionId }`).
   * Refusals throw: NO_FACE, MULTIPLE_FACES (pass faceIndex), LOW_QUALITY, LIVENESS_FAILED.
   */
  async enrollFace(
    personId: string,
    source: Upload | { livenessSessionId: string },
    options: { checkLiveness?: boolean; faceIndex?: number } = {},
  ): Promise<EnrolledFace> {
    const from = typeof source === 'object' && 'livenessSessionId' in source ? { livenessSessionId: source.livenessSessionId } : { image: toBlob(source) };
    const data = await this.mutate(EnrollFaceDocument, { personId, ...from, ...options });
    return data.enrollFace;
  }

  /** Enrolls several images of one person: a result per image, in order; a refused image carries its `error`. */
  async enrollFaces(personId: string, files: readonly Upload[], options: { checkLiveness?: boolean; requestId?: string } = {}): Promise<EnrollmentResult[]> {
    const data = await this.mutate(EnrollFacesDocument, { personId, images: files.map(toBlob), ...options });
    return data.enrollFaces;
  }

  /** Who is in the image: per face, MATCH (with the person) or UNKNOWN, and the best candidates. */
  async identifyFaces(file: Upload, options: { topK?: number; threshold?: number } = {}): Promise<Identification> {
    const data = await this.mutate(IdentifyFacesDocument, { image: toBlob(file), ...options });
    return data.identifyFaces;
  }

  /** Are the main faces of two images the same person? */
  async verifyFaces(a: Upload, b: Upload): Promise<Verification> {
    const data = await this.mutate(VerifyFacesDocument, { imageA: toBlob(a), imageB: toBlob(b) });
    return data.verifyFaces;
  }

  /** Is the main face of the image this person (compared with each enrolled face)? */
  async verifyPerson(personId: string, file: Upload): Promise<PersonVerification> {
    const data = await this.mutate(VerifyPersonDocument, { personId, image: toBlob(file) });
    return data.verifyPerson;
  }

  /** Opens a liveness session (ACTIVE by default: do `challenge.steps` in order; PASSIVE: just look at the camera). */
  async createLivenessSession(mode: LivenessMode = 'ACTIVE', options: { nod?: boolean } = {}): Promise<LivenessSession> {
    const data = await this.mutate(CreateLivenessSessionDocument, { mode, ...options });
    return data.createLivenessSession;
  }

  /** Sends captured frames in order (`firstSeq`: the frames sent before); refusals throw with their code (FRAME_OUT_OF_ORDER, ...). */
  async addLivenessFrames(sessionId: string, frames: readonly LivenessFrame[], firstSeq: number): Promise<LivenessFramesResult> {
    const data = await this.mutate(AddLivenessFramesDocument, {
      sessionId,
      frames: frames.map((f) => toBlob(f.file)),
      firstSeq,
      timestampsMs: frames.map((f) => f.timestampMs),
    });
    return data.addLivenessFrames;
  }

  /** Ends the session and waits for its verdict. */
  async finishLivenessSession(sessionId: string): Promise<LivenessResult> {
    const data = await this.mutate(FinishLivenessSessionDocument, { sessionId });
    return data.finishLivenessSession;
  }

  /** A liveness session's feedback as chunks arrive, then its verdict (the stream ends after DECIDED). */
  watchLivenessSession(sessionId: string): AsyncIterableIterator<LivenessSessionEvent> {
    return this.stream(LivenessSessionProgressDocument, { sessionId }, (data, push: (event: LivenessSessionEvent) => void, end) => {
      push(data.livenessSessionProgress);
      if (data.livenessSessionProgress.type === 'DECIDED') end();
    });
  }

  /**
   * A whole liveness check from frames already captured (a recorded clip cut into frames): a session,
   * the frames in chunks of the session's `maxFramesPerCall` (or `chunk`), then the verdict.
   */
  async checkLiveness(frames: readonly LivenessFrame[], options: { mode?: LivenessMode; chunk?: number } = {}): Promise<LivenessResult> {
    const session = await this.createLivenessSession(options.mode ?? 'PASSIVE');
    const size = Math.max(1, Math.min(options.chunk ?? session.challenge.maxFramesPerCall, session.challenge.maxFramesPerCall));
    for (let first = 0; first < frames.length; first += size) await this.addLivenessFrames(session.id, frames.slice(first, first + size), first);
    return this.finishLivenessSession(session.id);
  }

  /**
   * Uploads a video and queues its analysis into face tracks; answers at once (status QUEUED) with the
   * video's facts and the sampling. Refusals throw: BAD_VIDEO, VIDEO_TOO_LARGE, BAD_USER_INPUT, STAGE_UNAVAILABLE.
   */
  async analyzeVideo(file: Upload, options: AnalyzeVideoOptions = {}): Promise<VideoAnalysis> {
    const data = await this.mutate(AnalyzeVideoDocument, {
      video: toBlob(file),
      ...(options.stages ? { stages: [...options.stages] } : {}),
      ...(options.sampleFps === undefined ? {} : { sampleFps: options.sampleFps }),
      ...(options.maxFrames === undefined ? {} : { maxFrames: options.maxFrames }),
    });
    return data.analyzeVideo;
  }

  /** A video analysis (status, frames done, track count). Unknown IDs throw NOT_FOUND. */
  async videoAnalysis(id: string): Promise<VideoAnalysis> {
    const data = await this.query(VideoAnalysisDocument, { id });
    return data.videoAnalysis;
  }

  /** Video analyses, newest first, a page at a time. */
  async videoAnalyses(options: { first?: number; after?: string } = {}): Promise<VideoAnalysisPage> {
    const data = await this.query(VideoAnalysesDocument, { ...options });
    const { edges, pageInfo } = data.videoAnalyses;
    return { analyses: edges.map((edge) => edge.node), hasNextPage: pageInfo.hasNextPage, endCursor: pageInfo.endCursor };
  }

  /** Every track of an analysis, by trackId (all pages of `faceTracks`, `pageSize` at a time: at most 200). */
  async videoTracks(id: string, options: { pageSize?: number } = {}): Promise<FaceTrack[]> {
    const first = options.pageSize ?? 100;
    return this.allPages(async (after) => {
      const data = await this.query(VideoTracksDocument, { id, first, ...(after === null ? {} : { after }) });
      return data.videoAnalysis.faceTracks;
    });
  }

  /**
   * Every face of every sampled frame, in frame order (all pages of `frameFaces`, `pageSize` at a time:
   * at most 500), or only those of one track.
   */
  async videoFrameFaces(id: string, options: { trackId?: number; pageSize?: number } = {}): Promise<VideoFrameFace[]> {
    const first = options.pageSize ?? 500;
    const trackId = options.trackId === undefined ? {} : { trackId: options.trackId };
    return this.allPages(async (after) => {
      const data = await this.query(VideoFrameFacesDocument, { id, first, ...trackId, ...(after === null ? {} : { after }) });
      return data.videoAnalysis.frameFaces;
    });
  }

  /** Erases an analysis with its tracks and frame faces (true). Unknown IDs throw NOT_FOUND. */
  async deleteVideoAnalysis(id: string): Promise<boolean> {
    const data = await this.mutate(DeleteVideoAnalysisDocument, { id });
    return data.deleteVideoAnalysis;
  }

  /**
   * A video analysis' progress, ending after COMPLETED or FAILED. The first event is where it is now
   * (FRAMES, or COMPLETED / FAILED when it has already ended), so a late call still ends. After a dropped
   * socket the subscription is sent again and starts from where the analysis is then: the TRACK_FORMED /
   * TRACK_ENDED events of the gap are not replayed (the stored tracks have them all).
   */
  watchVideo(id: string): AsyncIterableIterator<VideoProgressEvent> {
    return this.stream(VideoProgressDocument, { id }, (data, push: (event: VideoProgressEvent) => void, end) => {
      push(data.videoProgress);
      if (TERMINAL.has(data.videoProgress.type)) end();
    });
  }

  /**
   * analyzeVideo, then its progress until it ends, then the analysis with all its tracks. An analysis that
   * ends FAILED throws a FaceSocialError with the analysis' error code (BAD_VIDEO when its frames stopped
   * decoding, VIDEO_EXPIRED, ...; `extensions.videoAnalysisId` names it), as a refused upload does.
   */
  async analyzeVideoAndWait(file: Upload, options: AnalyzeVideoAndWaitOptions = {}): Promise<VideoAnalysisWithTracks> {
    const { onQueued, onProgress, signal, ...analyzeOptions } = options;
    signal?.throwIfAborted();
    const queued = await this.analyzeVideo(file, analyzeOptions);
    signal?.throwIfAborted();
    onQueued?.(queued);
    const events = this.watchVideo(queued.id);
    const stop = (): void => void events.return?.();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for await (const event of events) onProgress?.(event);
    } finally {
      signal?.removeEventListener('abort', stop);
    }
    signal?.throwIfAborted();
    const analysis = await this.videoAnalysis(queued.id);
    if (analysis.status === 'FAILED') {
      const code = analysis.error?.code ?? 'INTERNAL_SERVER_ERROR';
      const message = analysis.error?.message ?? `Video analysis ${analysis.id} failed.`;
      const extensions = { code, videoAnalysisId: analysis.id };
      throw new FaceSocialError(message, { code, extensions, errors: [{ message, code, path: undefined, extensions }] });
    }
    // The progress stream ends before the analysis only when the client is closed.
    if (analysis.status !== 'COMPLETED')
      throw new FaceSocialError(`Stopped waiting for video analysis ${analysis.id} (${analysis.status}).`, { code: 'CLIENT_CLOSED' });
    return { ...analysis, tracks: await this.videoTracks(analysis.id) };
  }

  async serverInfo(): Promise<ServerInfo> {
    const data = await this.query(ServerInfoDocument, {});
    return data.serverInfo;
  }

  /** Ends every open stream and closes the WebSocket. */
  async close(): Promise<void> {
    this.closed = true;
    for (const stream of [...this.streams]) stream.end();
    const ws = this.wsClient;
    this.wsClient = undefined;
    if (ws) await (await ws).dispose();
  }

  private ws(): Promise<WsClient> {
    if (this.closed) return Promise.reject(new FaceSocialError('The client is closed.', { code: 'CLIENT_CLOSED' }));
    this.wsClient ??= webSocketImplementation(this.options.webSocketImpl).then((webSocketImpl) => {
      const url = new URL(this.options.url);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      const connectionParams: Record<string, string> = {};
      if (this.options.token) connectionParams.authorization = `Bearer ${this.options.token}`;
      if (this.options.apiKey) connectionParams['x-api-key'] = this.options.apiKey;
      return createWsClient({
        url: url.toString(),
        webSocketImpl,
        lazy: true,
        connectionParams,
        retryAttempts: this.options.retryAttempts ?? Number.POSITIVE_INFINITY,
        retryWait: backoff,
        // Retry dropped sockets and refused connections alike (a restarting server); a refused credential is final.
        shouldRetry: (error) => !(typeof error === 'object' && error !== null && 'code' in error && FATAL_CLOSE_CODES.has(Number(error.code))),
      });
    });
    return this.wsClient;
  }

  private async query<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
    return this.unwrap(await this.urql.query(document, variables).toPromise());
  }

  private async mutate<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
    return this.unwrap(await this.urql.mutation(document, variables).toPromise());
  }

  private unwrap<Data, Variables extends AnyVariables>(result: OperationResult<Data, Variables>): Data {
    if (result.error) throw toFaceSocialError(result.error, this.options.url);
    if (result.data === undefined || result.data === null) throw transportError(new Error('empty answer'), this.options.url);
    return result.data;
  }

  /** Every node of a forward-paged connection, one page after another. */
  private async allPages<Node>(
    page: (after: string | null) => Promise<{ edges: readonly { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>,
  ): Promise<Node[]> {
    const nodes: Node[] = [];
    let after: string | null = null;
    for (;;) {
      const { edges, pageInfo } = await page(after);
      nodes.push(...edges.map((edge) => edge.node));
      // A cursor that does not move on would page forever.
      if (!pageInfo.hasNextPage || pageInfo.endCursor === null || pageInfo.endCursor === after) return nodes;
      after = pageInfo.endCursor;
    }
  }

  /**
   * A subscription as an async iterator. Each subscription gets its own urql operation key, so two
   * watchers of the same session each get the server's replay instead of sharing one stream.
   */
  private stream<Data, Variables extends AnyVariables, Event>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
    onData: (data: Data, push: (event: Event) => void, end: () => void) => void,
  ): EventStream<Event> {
    let unsubscribe = (): void => {};
    const stream: EventStream<Event> = new EventStream<Event>(() => {
      this.streams.delete(stream as EventStream<unknown>);
      // Unsubscribed on the next macrotask, not from inside the event's handler: the server's `complete`
      // often arrives in the same socket read as the terminal event, and graphql-ws 6 counts a stream
      // released both by us and by the server's `complete` twice, which closes the socket under the
      // other subscriptions still on it.
      setTimeout(unsubscribe, 0);
    });
    this.streams.add(stream as EventStream<unknown>);
    unsubscribe = this.subscribe(document, variables, {
      next: (data) =>
        onData(
          data,
          (event) => stream.push(event),
          () => stream.end(),
        ),
      error: (error) => stream.fail(error),
      complete: () => stream.end(),
    });
    return stream;
  }

  private subscribe<Data, Variables extends AnyVariables>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
    sink: StreamSink<Data>,
  ): () => void {
    // urql keys are non-negative hashes: a negative key is this subscription's alone.
    const key = -++this.nextKey;
    let last: Data | undefined;
    let done = false;
    const finish = (): void => {
      done = true;
      this.completions.delete(key);
    };
    this.completions.set(key, () => {
      if (done) return;
      finish();
      sink.complete();
    });
    const subscription = this.urql.executeSubscription<Data, Variables>({ ...createRequest(document, variables), key }).subscribe((result) => {
      if (done) return;
      if (result.error) {
        finish();
        sink.error(toFaceSocialError(result.error, this.options.url));
        return;
      }
      // urql re-emits the last data when a stream completes: not a new event.
      if (result.data === undefined || result.data === null || result.data === last) return;
      last = result.data;
      sink.next(result.data);
    });
    return () => {
      finish();
      subscription.unsubscribe();
    };
  }
}

/** A client for the FaceSocial API at `options.url`. */
export function createClient(options: FaceSocialClientOptions): FaceSocialClient {
  return new FaceSocialClient(options);
}
