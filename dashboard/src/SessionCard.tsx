import { useQuery, useSubscription } from 'urql';
import type { Upload } from './AnalysePage.tsx';
import {
  AnalysisProgressSubscription,
  AnalysisSessionQuery,
  type AnalysisEvent,
  type ErrorInfo,
  type FaceResult,
  type SessionStatus,
  type Stage,
} from './api.ts';
import { errorOf } from './client.ts';
import { faceClass, humanize, milliseconds, percent, score, stageLabel } from './format.ts';
import { Verdict } from './Verdict.tsx';

type StageState = 'pending' | 'running' | 'done' | 'failed';

interface StageProgress {
  state: StageState;
  durationMs: number | null;
  model: string | null;
}

interface Progress {
  status: SessionStatus;
  stages: Partial<Record<Stage, StageProgress>>;
  error: ErrorInfo | null;
}

/** Folds analysisProgress events (a late subscriber first gets the past ones) into each stage's state. */
function reduceProgress(previous: Progress | undefined, data: { analysisProgress: AnalysisEvent }): Progress {
  const event = data.analysisProgress;
  const progress: Progress = { status: event.status, stages: { ...previous?.stages }, error: previous?.error ?? null };
  const { stage } = event;
  if (event.type === 'STAGE_STARTED' && stage) progress.stages[stage] = { state: 'running', durationMs: null, model: event.model };
  if (event.type === 'STAGE_FINISHED' && stage) {
    progress.stages[stage] = { state: 'done', durationMs: event.durationMs, model: event.model ?? progress.stages[stage]?.model ?? null };
  }
  if (event.type === 'FAILED') {
    progress.error = event.error;
    for (const [name, value] of Object.entries(progress.stages) as [Stage, StageProgress][]) {
      if (value.state === 'running') progress.stages[name] = { ...value, state: 'failed' };
    }
    if (stage && !progress.stages[stage]) progress.stages[stage] = { state: 'failed', durationMs: null, model: event.model };
  }
  return progress;
}

/** One uploaded photo: a progress bar per stage while it runs, then the photo with its faces and a card per face. */
export function SessionCard({ upload }: { upload: Upload }) {
  const sessionId = upload.session?.id ?? '';
  const [{ data: progress, error: progressError }] = useSubscription(
    { query: AnalysisProgressSubscription, variables: { sessionId }, pause: !upload.session },
    reduceProgress,
  );
  const status: SessionStatus | 'UPLOADING' = upload.error ? 'FAILED' : upload.session ? (progress?.status ?? 'QUEUED') : 'UPLOADING';
  const [{ data: result, error: resultError }] = useQuery({ query: AnalysisSessionQuery, variables: { id: sessionId }, pause: status !== 'COMPLETED' });
  const session = result?.analysisSession ?? null;
  const error = upload.error ?? progress?.error ?? (progressError ? errorOf(progressError) : null) ?? (resultError ? errorOf(resultError) : null);
  const total = Object.values(progress?.stages ?? {}).reduce((sum, s) => sum + (s.durationMs ?? 0), 0);

  return (
    <article
      className="panel session"
      data-testid="session"
      data-status={status}
      data-session-id={upload.session?.id}
      aria-label={`Analysis of ${upload.fileName}`}
    >
      <header className="session-head">
        <h3 title={upload.fileName}>{upload.fileName}</h3>
        <span className={`status status-${status.toLowerCase()}`}>{humanize(status)}</span>
        {total > 0 && <span className="muted small">{milliseconds(total)} in stages</span>}
        {upload.session && (
          <code className="muted small" title={upload.session.id}>
            {shortId(upload.session.id)}
          </code>
        )}
      </header>
      {error && (
        <p className="notice error" role="alert">
          <strong>{error.code}</strong> {error.message}
        </p>
      )}
      <div className="session-body">
        <div className="photo-column">
          <FacePhoto previewUrl={upload.previewUrl} fileName={upload.fileName} session={session} />
        </div>
        <div className="details-column">
          {upload.session && (
            <ol className="stages" aria-label="Stages">
              {upload.session.stages.map((stage) => (
                <StageBar key={stage} stage={stage} progress={progress?.stages[stage]} />
              ))}
            </ol>
          )}
        </div>
      </div>
      {session && (
        <div className="faces">
          {session.faces.length === 0 && <p className="muted">No face found in this photo.</p>}
          {session.faces.map((face, index) => (
            <FaceCard key={face.id} face={face} index={index} />
          ))}
        </div>
      )}
    </article>
  );
}

const shortId = (id: string): string => {
  try {
    return atob(id).split(':')[1]?.slice(0, 8) ?? id.slice(0, 8);
  } catch {
    return id.slice(0, 8);
  }
};

function StageBar({ stage, progress }: { stage: Stage; progress: StageProgress | undefined }) {
  const state = progress?.state ?? 'pending';
  const label = stageLabel(stage);
  const value = state === 'done' ? 100 : state === 'pending' ? 0 : undefined;
  const text =
    state === 'done'
      ? progress?.durationMs != null
        ? milliseconds(progress.durationMs)
        : 'done'
      : state === 'running'
        ? 'running…'
        : state === 'failed'
          ? 'failed'
          : 'waiting';
  return (
    <li className={`stage stage-${state}`} data-stage={stage} title={progress?.model ? `Model: ${progress.model}` : undefined}>
      <span className="stage-name">{label}</span>
      <span
        className="bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={state === 'done' ? `100 %, ${text}` : text}
      >
        <span className="fill" />
      </span>
      <span className="stage-time">{text}</span>
    </li>
  );
}

/** The photo with each face's box and 5 landmarks drawn over it in image pixels (the SVG scales with the photo). */
function FacePhoto({
  previewUrl,
  fileName,
  session,
}: {
  previewUrl: string;
  fileName: string;
  session: { image: { width: number; height: number }; faces: FaceResult[] } | null;
}) {
  const { width, height } = session?.image ?? { width: 0, height: 0 };
  const unit = Math.max(width, height) / 100;
  return (
    <figure className="photo">
      <img src={previewUrl} alt={fileName} />
      {session && width > 0 && (
        <svg
          className="overlay"
          viewBox={`0 0 ${width} ${height}`}
          preserveAspectRatio="none"
          data-testid="overlay"
          aria-label={`${session.faces.length} faces`}
        >
          {session.faces.map((face, index) => (
            <g key={face.id} className={faceClass(index)}>
              <rect
                className="face-box"
                x={face.box.x}
                y={face.box.y}
                width={face.box.width}
                height={face.box.height}
                rx={unit * 0.4}
                vectorEffect="non-scaling-stroke"
              />
              {face.landmarks.map((point, i) => (
                <circle key={i} className="landmark" cx={point.x} cy={point.y} r={Math.max(unit * 0.45, 1.5)} />
              ))}
              <text
                className="face-label"
                x={face.box.x + unit * 0.6}
                y={face.box.y > unit * 4 ? face.box.y - unit * 0.8 : face.box.y + unit * 3.4}
                fontSize={unit * 3.2}
              >
                {index + 1}
              </text>
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}

function FaceCard({ face, index }: { face: FaceResult; index: number }) {
  const { liveness, quality, ageGender, deepfake, identity, emotion } = face;
  return (
    <section className={`panel face-card ${faceClass(index)}`} data-testid="face-card" aria-label={`Face ${index + 1}`}>
      <h4>
        <span className="swatch" aria-hidden="true" />
        Face {index + 1}
        <span className="muted small">detector {score(face.score)}</span>
      </h4>
      <dl>
        <dt>Liveness</dt>
        <dd data-field="liveness">
          {liveness ? (
            <>
              <Verdict value={liveness.verdict} /> {score(liveness.score)}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>Quality</dt>
        <dd data-field="quality">
          {quality ? (
            <>
              <span className={quality.passed ? 'badge good' : 'badge warn'}>{quality.passed ? 'Passed' : 'Below gate'}</span> {score(quality.score)}
              {quality.issues.map((issue) => (
                <span key={issue} className="chip">
                  {humanize(issue)}
                </span>
              ))}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>Age / gender</dt>
        <dd data-field="age-gender">{ageGender ? `${ageGender.age} · ${humanize(ageGender.gender)} (${percent(ageGender.genderProbability)})` : '—'}</dd>
        <dt title="A weak signal, not proof (see the schema)">Deepfake</dt>
        <dd data-field="deepfake">
          {deepfake ? (
            <>
              <Verdict value={deepfake.verdict} /> {score(deepfake.score)}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>Identity</dt>
        <dd data-field="identity">
          {identity ? (
            identity.decision === 'MATCH' && identity.person ? (
              <>
                <Verdict value="MATCH" /> <strong>{identity.person.name}</strong>
                {identity.similarity !== null && <span className="similarity muted small">similarity {score(identity.similarity)}</span>}
              </>
            ) : (
              <>
                <span className="badge neutral">{identity.decision === 'NOT_SEARCHED' ? 'Not searched' : 'Unknown'}</span>
                {identity.similarity !== null && <span className="similarity muted small">best similarity {score(identity.similarity)}</span>}
              </>
            )
          ) : (
            '—'
          )}
        </dd>
        {emotion && (
          <>
            <dt>Emotion</dt>
            <dd data-field="emotion">
              {humanize(emotion.emotion)} ({percent(emotion.probability)})
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
