import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useClient, useSubscription } from 'urql';
import type { ErrorInfo } from './api.ts';
import { errorOf } from './client.ts';
import { faceClass, formatBytes, humanize, score } from './format.ts';
import {
  loadVideoResult,
  VideoLoadError,
  VideoProgressSubscription,
  type FaceTrack,
  type FrameFace,
  type VideoProgressEvent,
  type VideoResult,
  type VideoSelection,
  type VideoStatus,
  type VideoSummary,
  type VideoTrackProgress,
} from './video-api.ts';
import { Verdict } from './Verdict.tsx';

interface Progress {
  status: VideoStatus;
  framesDone: number;
  framesTotal: number;
  /** Tracks as they form, by trackId; `ended` once TRACK_ENDED came. */
  tracks: Record<number, VideoTrackProgress & { ended: boolean }>;
  error: ErrorInfo | null;
}

/** Folds videoProgress events (the first says where the analysis is now) into frames done and the tracks so far. */
function reduceProgress(previous: Progress | undefined, data: { videoProgress: VideoProgressEvent }): Progress {
  const event = data.videoProgress;
  const base: Progress = previous ?? { status: 'QUEUED', framesDone: 0, framesTotal: event.framesTotal, tracks: {}, error: null };
  const next: Progress = { ...base, framesDone: event.framesDone, framesTotal: event.framesTotal, tracks: { ...base.tracks } };
  switch (event.type) {
    case 'STARTED':
      // A worker (re)started from the first frame: what another one had found is gone.
      return { ...next, status: 'RUNNING', tracks: {} };
    case 'FRAMES':
      return { ...next, status: event.framesDone > 0 ? 'RUNNING' : base.status };
    case 'TRACK_FORMED':
    case 'TRACK_ENDED':
      if (event.track) next.tracks[event.track.trackId] = { ...event.track, ended: event.type === 'TRACK_ENDED' };
      return { ...next, status: 'RUNNING' };
    case 'COMPLETED':
      return { ...next, status: 'COMPLETED' };
    case 'FAILED':
      return { ...next, status: 'FAILED', error: event.error };
  }
}

const seconds = (value: number): string => `${value.toFixed(1)} s`;

const shortId = (id: string): string => {
  try {
    return atob(id).split(':')[1]?.slice(0, 8) ?? id.slice(0, 8);
  } catch {
    return id.slice(0, 8);
  }
};

/** The track's name in the gallery, or "Track N". */
const trackLabel = (track: FaceTrack | undefined, trackId: number): string =>
  track?.identification?.decision === 'MATCH' && track.identification.person ? track.identification.person.name : `Track ${trackId}`;

type CardStatus = VideoStatus | 'UPLOADING';

/** One video: uploading, then its progress live, then (COMPLETED) the player with face boxes and the table of tracks; FAILED says why. */
export function VideoAnalysisCard(props: { selection: Exclude<VideoSelection, { kind: 'refused' }>; onEnded: () => void }) {
  const { selection, onEnded } = props;
  const client = useClient();
  const id = selection.kind === 'analysis' ? selection.id : '';
  const summary = selection.kind === 'analysis' ? selection.summary : null;
  const [{ data: progress, error: progressError }] = useSubscription({ query: VideoProgressSubscription, variables: { id }, pause: id === '' }, reduceProgress);
  const [result, setResult] = useState<VideoResult | null>(null);
  const [loadError, setLoadError] = useState<ErrorInfo | null>(null);
  const status: CardStatus = selection.kind === 'uploading' ? 'UPLOADING' : (progress?.status ?? summary?.status ?? 'QUEUED');
  const ended = status === 'COMPLETED' || status === 'FAILED';

  useEffect(() => {
    if (!ended) return;
    onEnded();
    if (status !== 'COMPLETED') return;
    let live = true;
    loadVideoResult(client, id)
      .then((loaded) => live && setResult(loaded))
      .catch((error: unknown) => {
        if (live) setLoadError(error instanceof VideoLoadError ? error.info : { code: 'NETWORK_ERROR', message: String(error) });
      });
    return () => {
      live = false;
    };
  }, [client, id, ended, status]);

  const info: VideoSummary | null = result?.analysis ?? summary;
  const error = progress?.error ?? (status === 'FAILED' ? (info?.error ?? null) : null) ?? (progressError ? errorOf(progressError) : null) ?? loadError ?? null;
  const framesDone = progress?.framesDone ?? info?.framesDone ?? 0;
  const framesTotal = progress?.framesTotal ?? info?.framesTotal ?? 0;

  return (
    <article
      className="panel session video-analysis"
      data-testid="video-analysis"
      data-status={status}
      data-analysis-id={id || undefined}
      aria-label={`Analysis of ${selection.fileName}`}
    >
      <header className="session-head">
        <h3 title={selection.fileName}>{selection.fileName}</h3>
        <span className={`status status-${status.toLowerCase()}`} data-testid="video-status">
          {humanize(status)}
        </span>
        {info && (
          <span className="muted small">
            {seconds(info.durationSeconds)} · {info.width}×{info.height} · {formatBytes(info.bytes)} · sampled at{' '}
            {info.sampleFps.toFixed(info.sampleFps % 1 ? 2 : 0)} fps
          </span>
        )}
        {id && (
          <code className="muted small" title={id}>
            {shortId(id)}
          </code>
        )}
      </header>
      {error && (
        <p className="notice error" role="alert" data-testid="video-error" data-code={error.code}>
          <strong>{error.code}</strong> {error.message}
        </p>
      )}
      {status !== 'COMPLETED' && status !== 'FAILED' && (
        <VideoProgressView status={status} framesDone={framesDone} framesTotal={framesTotal} tracks={Object.values(progress?.tracks ?? {})} />
      )}
      {status === 'COMPLETED' && !result && !loadError && <p className="muted">Loading the tracks…</p>}
      {result && <VideoResultView result={result} objectUrl={selection.objectUrl} />}
    </article>
  );
}

function VideoProgressView(props: { status: CardStatus; framesDone: number; framesTotal: number; tracks: (VideoTrackProgress & { ended: boolean })[] }) {
  const { status, framesDone, framesTotal, tracks } = props;
  const fraction = framesTotal > 0 ? Math.min(1, framesDone / framesTotal) : 0;
  const text =
    status === 'UPLOADING'
      ? 'Uploading…'
      : status === 'QUEUED'
        ? 'Queued: waiting for a worker'
        : `${framesDone} of ${framesTotal} frames analysed · ${tracks.length} ${tracks.length === 1 ? 'track' : 'tracks'}`;
  return (
    <div className="video-progress">
      <svg
        className={status === 'UPLOADING' ? 'step-bar indeterminate' : 'step-bar'}
        viewBox="0 0 100 8"
        preserveAspectRatio="none"
        role="progressbar"
        aria-label="Frames analysed"
        aria-valuemin={0}
        aria-valuemax={framesTotal || 100}
        aria-valuenow={status === 'UPLOADING' ? undefined : framesDone}
        aria-valuetext={text}
        data-testid="video-progress"
      >
        <rect className="track" width="100" height="8" rx="4" />
        {status === 'UPLOADING' ? (
          <rect className="fill" width="35" height="8" rx="4" />
        ) : (
          <rect className="fill" width={Math.round(fraction * 1000) / 10} height="8" rx="4" />
        )}
      </svg>
      <p className="small muted" aria-live="polite">
        {text}
      </p>
      {tracks.length > 0 && (
        <ol className="live-tracks" aria-label="Tracks so far">
          {tracks.map((track) => (
            <li
              key={track.trackId}
              className={`live-track ${faceClass(track.trackId - 1)}`}
              data-testid="live-track"
              data-state={track.ended ? 'ended' : 'open'}
            >
              <span className="swatch" aria-hidden="true" />
              <strong>Track {track.trackId}</strong>
              <span className="muted small">
                {seconds(track.firstSeconds)} – {seconds(track.lastSeconds)} · {track.frames} frames · {track.ended ? 'ended' : 'in view'}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The frame faces grouped by sampled frame, in time order, for a nearest-frame lookup. */
interface SampledFrame {
  timestampSeconds: number;
  faces: FrameFace[];
}

function groupFrames(faces: FrameFace[]): SampledFrame[] {
  const byIndex = new Map<number, SampledFrame>();
  for (const face of faces) {
    const frame = byIndex.get(face.frameIndex) ?? { timestampSeconds: face.timestampSeconds, faces: [] };
    frame.faces.push(face);
    byIndex.set(face.frameIndex, frame);
  }
  return [...byIndex.values()].sort((a, b) => a.timestampSeconds - b.timestampSeconds);
}

/** The sampled frame nearest `at`, if it lies within half a sample interval of it (else no frame with faces is shown there). */
function frameAt(frames: SampledFrame[], at: number, halfInterval: number): SampledFrame | null {
  let lo = 0;
  let hi = frames.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((frames[mid]?.timestampSeconds ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  let best: SampledFrame | null = null;
  for (const candidate of [frames[lo - 1], frames[lo]]) {
    if (candidate && (!best || Math.abs(candidate.timestampSeconds - at) < Math.abs(best.timestampSeconds - at))) best = candidate;
  }
  return best && Math.abs(best.timestampSeconds - at) <= halfInterval + 1e-3 ? best : null;
}

function VideoResultView({ result, objectUrl }: { result: VideoResult; objectUrl: string | null }) {
  const { analysis, tracks, frameFaces } = result;
  const videoRef = useRef<HTMLVideoElement>(null);
  const [currentTime, setCurrentTime] = useState(0);
  const [playError, setPlayError] = useState<string | null>(null);
  const frames = useMemo(() => groupFrames(frameFaces), [frameFaces]);
  const byTrack = useMemo(() => new Map(tracks.map((t) => [t.trackId, t])), [tracks]);
  const halfInterval = analysis.sampleFps > 0 ? 0.5 / analysis.sampleFps : 0;
  const shown = objectUrl ? frameAt(frames, currentTime, halfInterval) : null;
  const showing = new Set(shown?.faces.flatMap((f) => (f.trackId === null ? [] : [f.trackId])) ?? []);

  // While playing, follow every painted frame (timeupdate alone comes only about 4 times a second).
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let raf = 0;
    const update = () => setCurrentTime(video.currentTime);
    const loop = () => {
      update();
      raf = requestAnimationFrame(loop);
    };
    const play = () => {
      cancelAnimationFrame(raf);
      raf = requestAnimationFrame(loop);
    };
    const stop = () => {
      cancelAnimationFrame(raf);
      update();
    };
    const events: [string, () => void][] = [
      ['play', play],
      ['pause', stop],
      ['ended', stop],
      ['seeking', update],
      ['seeked', update],
      ['timeupdate', update],
      ['loadedmetadata', update],
    ];
    for (const [name, fn] of events) video.addEventListener(name, fn);
    return () => {
      cancelAnimationFrame(raf);
      for (const [name, fn] of events) video.removeEventListener(name, fn);
    };
  }, [objectUrl]);

  const seek = (track: FaceTrack) => {
    const video = videoRef.current;
    if (!video) return;
    video.currentTime = track.firstSeconds;
    setCurrentTime(track.firstSeconds);
  };

  return (
    <div className="video-result">
      {objectUrl ? (
        <VideoPlayer
          videoRef={videoRef}
          objectUrl={objectUrl}
          fileName={analysis.fileName ?? 'video'}
          analysis={analysis}
          frame={shown}
          byTrack={byTrack}
          onError={setPlayError}
        />
      ) : (
        <p className="notice small" data-testid="no-player">
          The video itself is not kept in this browser: upload it again to play it with its face boxes.
        </p>
      )}
      {playError && (
        <p className="notice error" role="alert" data-testid="video-play-error">
          {playError}
        </p>
      )}
      {tracks.length === 0 ? (
        <p className="muted" data-testid="no-tracks">
          No face track in this video.
        </p>
      ) : (
        <TrackTable tracks={tracks} showing={showing} onSeek={objectUrl ? seek : null} />
      )}
    </div>
  );
}

function VideoPlayer(props: {
  videoRef: RefObject<HTMLVideoElement | null>;
  objectUrl: string;
  fileName: string;
  analysis: VideoSummary;
  frame: SampledFrame | null;
  byTrack: Map<number, FaceTrack>;
  onError: (message: string | null) => void;
}) {
  const { videoRef, objectUrl, fileName, analysis, frame, byTrack, onError } = props;
  // The server says what size it sampled the frames at (its boxes' pixels); the source's size until it is COMPLETED.
  const size = { width: analysis.frameWidth ?? analysis.width, height: analysis.frameHeight ?? analysis.height };
  const unit = Math.max(size.width, size.height) / 100;
  const faces = frame?.faces ?? [];
  return (
    <figure className="photo video-frame">
      <video
        ref={videoRef}
        src={objectUrl}
        controls
        playsInline
        preload="auto"
        aria-label={`${fileName}, with the face boxes of the current frame`}
        data-testid="video-player"
        onError={(event) => {
          const media = event.currentTarget.error;
          onError(`This browser cannot play the file${media?.message ? ` (${media.message})` : ''}; the tracks below are still the server's.`);
        }}
        onLoadedData={() => onError(null)}
      />
      <svg
        className="overlay video-overlay"
        viewBox={`0 0 ${size.width} ${size.height}`}
        preserveAspectRatio="none"
        data-testid="video-overlay"
        data-time={frame ? frame.timestampSeconds : undefined}
        aria-label={`${faces.length} ${faces.length === 1 ? 'face' : 'faces'} in this frame`}
        role="img"
      >
        {faces.map((face) => {
          const label = face.trackId === null ? null : trackLabel(byTrack.get(face.trackId), face.trackId);
          return (
            <g
              key={`${face.frameIndex}:${face.box.x}:${face.box.y}`}
              className={face.trackId === null ? 'untracked' : faceClass(face.trackId - 1)}
              data-testid="video-face"
              data-track-id={face.trackId ?? undefined}
              data-label={label ?? undefined}
            >
              <rect
                className="face-box"
                x={face.box.x}
                y={face.box.y}
                width={face.box.width}
                height={face.box.height}
                rx={unit * 0.4}
                vectorEffect="non-scaling-stroke"
              />
              {label && (
                <text
                  className="face-label"
                  x={face.box.x + unit * 0.4}
                  y={face.box.y > unit * 4 ? face.box.y - unit * 0.8 : face.box.y + face.box.height + unit * 3.4}
                  fontSize={unit * 3.2}
                >
                  {label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function TrackTable(props: { tracks: FaceTrack[]; showing: Set<number>; onSeek: ((track: FaceTrack) => void) | null }) {
  const { tracks, showing, onSeek } = props;
  return (
    <table className="data-table tracks-table" data-testid="tracks">
      <caption className="visually-hidden">Face tracks{onSeek ? ': choose a track to play the video from its start' : ''}</caption>
      <thead>
        <tr>
          <th scope="col">Track</th>
          <th scope="col">From – to</th>
          <th scope="col" className="num">
            Frames
          </th>
          <th scope="col">Person</th>
          <th scope="col">Liveness</th>
          <th scope="col" title="A weak signal, not proof (see the schema)">
            Deepfake
          </th>
          <th scope="col">Age / gender</th>
        </tr>
      </thead>
      <tbody>
        {tracks.map((track) => {
          const { identification: id, liveness, deepfake, ageGender } = track;
          const classes = [faceClass(track.trackId - 1), onSeek ? 'seekable' : '', showing.has(track.trackId) ? 'showing' : ''].filter(Boolean).join(' ');
          return (
            <tr
              key={track.trackId}
              className={classes}
              data-testid="track-row"
              data-track-id={track.trackId}
              onClick={onSeek ? () => onSeek(track) : undefined}
              aria-current={showing.has(track.trackId) ? 'true' : undefined}
            >
              <th scope="row">
                <span className="swatch" aria-hidden="true" />
                {onSeek ? (
                  <button
                    type="button"
                    className="link"
                    onClick={(event) => {
                      event.stopPropagation();
                      onSeek(track);
                    }}
                    aria-label={`Track ${track.trackId}: play from ${seconds(track.firstSeconds)}`}
                  >
                    Track {track.trackId}
                  </button>
                ) : (
                  `Track ${track.trackId}`
                )}
              </th>
              <td className="nowrap" data-field="time">
                {seconds(track.firstSeconds)} – {seconds(track.lastSeconds)}
              </td>
              <td className="num" data-field="frames">
                {track.frames}
              </td>
              <td data-field="person">
                {id ? (
                  id.decision === 'MATCH' && id.person ? (
                    <>
                      <strong>{id.person.name}</strong>
                      {id.similarity !== null && <span className="muted small"> {score(id.similarity)}</span>}
                    </>
                  ) : (
                    <>
                      <span className="badge neutral">{id.decision === 'NOT_SEARCHED' ? 'Not searched' : 'UNKNOWN'}</span>
                      {id.similarity !== null && <span className="muted small"> best {score(id.similarity)}</span>}
                    </>
                  )
                ) : (
                  '—'
                )}
              </td>
              <td data-field="liveness">
                {liveness ? (
                  <>
                    <Verdict value={liveness.verdict} /> <span className="muted small">{score(liveness.liveScore)}</span>
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td data-field="deepfake">
                {deepfake ? (
                  <>
                    <Verdict value={deepfake.verdict} /> <span className="muted small">{score(deepfake.score)}</span>
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td data-field="age-gender">
                {ageGender && (ageGender.age !== null || ageGender.gender !== null)
                  ? [ageGender.age !== null ? Math.round(ageGender.age) : null, ageGender.gender ? humanize(ageGender.gender) : null]
                      .filter((v) => v !== null)
                      .join(' · ')
                  : '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
