import { useState, type DragEvent, type FormEvent } from 'react';
import { useClient, useQuery } from 'urql';
import type { ErrorInfo } from './api.ts';
import { errorOf } from './client.ts';
import { formatBytes, humanize, time } from './format.ts';
import { VideoAnalysisCard } from './VideoAnalysisCard.tsx';
import type { ServerInfo } from './api.ts';
import { AnalyzeVideoMutation, VideoAnalysesQuery, type VideoSelection, type VideoSummary } from './video-api.ts';

let selectionCounter = 0;
const nextKey = (): string => `v${++selectionCounter}`;

/** An empty field is the server's default; anything else goes as typed (the server names what is out of range). */
const numberOrNull = (value: string): number | null => (value.trim() === '' || !Number.isFinite(Number(value)) ? null : Number(value));

/**
 * Upload a video to analyzeVideo (a multipart request, as for photos), follow it live, then play it with
 * each track's face boxes drawn over it and a table of the tracks; the tenant's recent analyses can be opened.
 */
export function VideosPage(props: {
  serverInfo: ServerInfo;
  selection: VideoSelection | null;
  onSelection: (update: (current: VideoSelection | null) => VideoSelection | null) => void;
}) {
  const { selection, onSelection } = props;
  const { defaultFps, defaultMaxFrames, maxFrames: framesCap } = props.serverInfo.video;
  const client = useClient();
  const [dragging, setDragging] = useState(false);
  const [sampleFps, setSampleFps] = useState('');
  const [maxFrames, setMaxFrames] = useState('');
  const [{ data: recent, error: recentError, fetching: recentFetching }, refetchRecent] = useQuery({ query: VideoAnalysesQuery });
  const reloadRecent = () => refetchRecent({ requestPolicy: 'network-only' });

  /** Replaces the selection, releasing the previous local file unless the new one keeps it. */
  const select = (next: VideoSelection | null) =>
    onSelection((current) => {
      const previousUrl = current && current.kind !== 'refused' ? current.objectUrl : null;
      const nextUrl = next && next.kind !== 'refused' ? next.objectUrl : null;
      if (previousUrl && previousUrl !== nextUrl) URL.revokeObjectURL(previousUrl);
      return next;
    });

  const upload = (file: File) => {
    const key = nextKey();
    const fileName = file.name || 'video';
    const objectUrl = URL.createObjectURL(file);
    select({ kind: 'uploading', key, fileName, objectUrl });
    const settle = (next: VideoSelection) => onSelection((current) => (current?.key === key ? next : current));
    const refuse = (error: ErrorInfo) => {
      URL.revokeObjectURL(objectUrl);
      settle({ kind: 'refused', key, fileName, error });
    };
    client
      .mutation(AnalyzeVideoMutation, { video: file, sampleFps: numberOrNull(sampleFps), maxFrames: numberOrNull(maxFrames) })
      .toPromise()
      .then(({ data, error }) => {
        if (data) {
          settle({ kind: 'analysis', key, id: data.analyzeVideo.id, fileName, objectUrl, summary: data.analyzeVideo });
          reloadRecent();
        } else if (error) {
          const info = errorOf(error);
          // An upload past MAX_VIDEO_BYTES is cut off while it streams: the browser may see the closed connection, not the 413.
          refuse(
            info.code === 'NETWORK_ERROR'
              ? {
                  code: info.code,
                  message: `${info.message}. The server closed the connection during the upload of ${formatBytes(file.size)}: the file may be over its size limit.`,
                }
              : info,
          );
        } else refuse({ code: 'NO_ANSWER', message: 'The server sent no result.' });
      })
      .catch((error: unknown) => refuse({ code: 'NETWORK_ERROR', message: String(error) }));
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    // Anything that is not a video goes to the server too, which says what is wrong with it (BAD_VIDEO).
    const file = files.find((f) => f.type.startsWith('video/')) ?? files[0];
    if (file) upload(file);
  };

  const open = (analysis: VideoSummary) => {
    const keep = selection?.kind === 'analysis' && selection.id === analysis.id ? selection.objectUrl : null;
    select({ kind: 'analysis', key: nextKey(), id: analysis.id, fileName: analysis.fileName ?? 'video', objectUrl: keep, summary: analysis });
  };

  const busy = selection?.kind === 'uploading';
  const analyses = recent?.videoAnalyses.edges.map((e) => e.node) ?? [];

  return (
    <section aria-labelledby="videos-title" data-testid="videos">
      <h1 id="videos-title" className="visually-hidden">
        Analyse videos
      </h1>
      <form
        className={dragging ? 'dropzone video-upload dragging' : 'dropzone video-upload'}
        aria-label="Upload a video"
        onSubmit={(event: FormEvent) => event.preventDefault()}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="video-dropzone"
      >
        <p className="drop-title">Drop a video here</p>
        <p className="muted">
          MP4, WebM, MOV or another common container. Its frames are sampled evenly, every face is followed across them as a track, and each track is identified
          against your persons.
        </p>
        <div className="video-options">
          <label>
            <span>Frames per second</span>
            <input
              type="number"
              name="sampleFps"
              min={0.1}
              max={60}
              step="any"
              inputMode="decimal"
              placeholder={String(defaultFps)}
              value={sampleFps}
              onChange={(event) => setSampleFps(event.target.value)}
              aria-describedby="video-options-help"
            />
          </label>
          <label>
            <span>At most frames</span>
            <input
              type="number"
              name="maxFrames"
              min={1}
              max={framesCap}
              step={1}
              inputMode="numeric"
              placeholder={String(defaultMaxFrames)}
              value={maxFrames}
              onChange={(event) => setMaxFrames(event.target.value)}
              aria-describedby="video-options-help"
            />
          </label>
          <label className={busy ? 'button primary disabled' : 'button primary'} htmlFor="video-file">
            {busy ? 'Uploading…' : 'Choose a video…'}
          </label>
          <input
            id="video-file"
            className="visually-hidden"
            type="file"
            accept="video/*"
            disabled={busy}
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) upload(file);
            }}
          />
        </div>
        <p id="video-options-help" className="small muted">
          Empty fields take the server&apos;s defaults ({defaultFps} frames per second, at most {defaultMaxFrames} frames; this server takes up to {framesCap});
          the rate is lowered so that the frames cover the whole video.
        </p>
        {selection?.kind === 'refused' && (
          <p className="notice error" role="alert" data-testid="video-upload-error" data-code={selection.error.code}>
            <strong>
              {selection.fileName}: {selection.error.code}
            </strong>{' '}
            {selection.error.message}
          </p>
        )}
      </form>

      {selection && selection.kind !== 'refused' && <VideoAnalysisCard key={selection.key} selection={selection} onEnded={reloadRecent} />}

      <section className="panel recent-videos" aria-labelledby="recent-videos-title">
        <div className="list-head">
          <h2 id="recent-videos-title">Recent videos</h2>
          <button type="button" className="link" onClick={reloadRecent}>
            Refresh
          </button>
        </div>
        {recentError && (
          <p className="notice error" role="alert">
            <strong>{errorOf(recentError).code}</strong> {errorOf(recentError).message}
          </p>
        )}
        {!recentFetching && !recentError && analyses.length === 0 && <p className="muted">No video analysed yet.</p>}
        {analyses.length > 0 && (
          <table className="data-table" data-testid="recent-videos">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Uploaded</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Length
                </th>
                <th scope="col" className="num">
                  Frames
                </th>
                <th scope="col" className="num">
                  Tracks
                </th>
                <th scope="col">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {analyses.map((analysis) => (
                <RecentRow
                  key={analysis.id}
                  analysis={analysis}
                  current={selection?.kind === 'analysis' && selection.id === analysis.id}
                  onOpen={() => open(analysis)}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}

function RecentRow(props: { analysis: VideoSummary; current: boolean; onOpen: () => void }) {
  const { analysis, current, onOpen } = props;
  const name = analysis.fileName ?? 'video';
  return (
    <tr data-testid="recent-video" data-analysis-id={analysis.id} data-status={analysis.status} className={current ? 'current' : undefined}>
      <td className="file-name" title={name}>
        {name}
        <span className="muted small"> · {formatBytes(analysis.bytes)}</span>
      </td>
      <td>
        <time dateTime={analysis.createdAt}>{time(analysis.createdAt)}</time>
      </td>
      <td>
        <span
          className={`status status-${analysis.status.toLowerCase()}`}
          title={analysis.error ? `${analysis.error.code}: ${analysis.error.message}` : undefined}
        >
          {humanize(analysis.status)}
        </span>
      </td>
      <td className="num">{analysis.durationSeconds.toFixed(1)} s</td>
      <td className="num">
        {analysis.framesDone}/{analysis.framesTotal}
      </td>
      <td className="num">{analysis.status === 'COMPLETED' ? analysis.trackCount : '—'}</td>
      <td className="actions">
        <button type="button" className="link" onClick={onOpen} aria-label={`Open ${name}`} aria-current={current ? 'true' : undefined}>
          {current ? 'Shown' : 'Open'}
        </button>
      </td>
    </tr>
  );
}
