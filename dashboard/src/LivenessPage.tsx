import { useEffect, useRef, useState } from 'react';
import { useClient, type Client } from 'urql';
import { errorOf } from './client.ts';
import {
  AddLivenessFramesMutation,
  CreateLivenessSessionMutation,
  FinishLivenessSessionMutation,
  type DecidedLivenessSession,
  type LivenessFaceState,
  type LivenessHint,
  type LivenessMode,
  type LivenessReason,
  type LivenessSessionVerdict,
  type LivenessStep,
  type OpenedLivenessSession,
} from './liveness-api.ts';
import { describeCameraError, LivenessRun, openCamera, stopCamera, type CapturedFrame, type RunState, type SendResult } from './liveness-capture.ts';

/** How long the camera is sampled at most: PASSIVE needs a few natural blinks, ACTIVE the time to do every step. */
const TIME_LIMIT_MS: Readonly<Record<LivenessMode, number>> = { PASSIVE: 8_000, ACTIVE: 15_000 };

/** The preview is mirrored, so the person's own left is on the screen's left. */
const STEP_TEXT: Readonly<Record<LivenessStep, { text: string; short: string; arrow: string }>> = {
  TURN_LEFT: { text: 'Turn your head to your left', short: 'Turn left', arrow: '←' },
  TURN_RIGHT: { text: 'Turn your head to your right', short: 'Turn right', arrow: '→' },
  BLINK: { text: 'Blink: close both eyes briefly, then open them', short: 'Blink', arrow: '' },
  NOD: { text: 'Nod: tilt your head down, then back up', short: 'Nod', arrow: '↓' },
};

const HINT_TEXT: Readonly<Record<LivenessHint, string>> = {
  NO_FACE: 'No face in view',
  ONE_FACE_ONLY: 'Only one person in view, please',
  MOVE_CLOSER: 'Move closer',
  MOVE_BACK: 'Move back a little',
  MORE_LIGHT: 'More light, please',
  HOLD_STILL: 'Hold still',
  FACE_THE_CAMERA: 'Look straight at the camera',
  TURN_FURTHER: 'Turn a little further',
};

const FACE_STATE_TEXT: Readonly<Record<LivenessFaceState | 'PENDING', string>> = {
  PENDING: 'Looking for your face…',
  NONE: 'No face found',
  ONE: 'Face found',
  SEVERAL: 'Several faces',
};

const REASON_TEXT: Readonly<Record<LivenessReason, string>> = {
  CHALLENGE_NOT_MET: 'The steps were not all done, or not in the order asked.',
  IDENTITY_SWITCH: 'Some frames show a different person than the others.',
  LOW_FRAME_RATE: 'The frames came too far apart to see a blink.',
  LOW_QUALITY: 'No frame was good enough to keep as the reference face.',
  MULTIPLE_FACES: 'Several faces were in view in too many frames.',
  NO_BLINK: 'No blink was seen.',
  NO_FACE: 'No face was found in most frames.',
  PAD_FAILED: 'The anti-spoofing model found the frames confidently fake.',
  PAD_UNCERTAIN: 'The anti-spoofing scores were neither clearly live nor clearly fake.',
  PARALLAX_UNCERTAIN: 'The head moved too little to tell a real head from a flat picture.',
  PLANAR_MOTION: 'The face moved like a flat picture (a print or a screen).',
  REPLAYED_FRAMES: 'Frames were sent twice, as a replay would.',
  TIMEOUT: 'The session expired before it was finished.',
  TOO_FEW_FRAMES: 'Too few frames with exactly one face to decide.',
};

const VERDICT_TEXT: Readonly<Record<LivenessSessionVerdict, { title: string; text: string; tone: 'good' | 'bad' | 'warn' }>> = {
  LIVE: { title: 'Live person', text: 'A live person was in front of the camera, with no sign of an attack.', tone: 'good' },
  SPOOF: {
    title: 'Spoof suspected',
    text: 'A sign of an attack: a print or a screen, another person, confident anti-spoofing failure or replayed frames.',
    tone: 'bad',
  },
  INCONCLUSIVE: { title: 'Inconclusive', text: 'Not enough evidence either way. Try again in good light, with your face in the oval.', tone: 'warn' },
};

type Phase = 'idle' | 'starting' | 'capturing' | 'sending' | 'deciding' | 'done';

interface Problem {
  code: string;
  message: string;
}

/** addLivenessFrames through the dashboard's urql client (a multipart request: the frames are Files). */
function sender(client: Client, sessionId: string): (frames: CapturedFrame[], firstSeq: number) => Promise<SendResult> {
  return async (frames, firstSeq) => {
    try {
      const { data, error } = await client
        .mutation(AddLivenessFramesMutation, {
          sessionId,
          frames: frames.map((f) => f.file),
          firstSeq,
          timestampsMs: frames.map((f) => f.timestampMs),
        })
        .toPromise();
      if (data) return { ok: true, data: data.addLivenessFrames };
      return { ok: false, ...(error ? errorOf(error) : { code: 'NO_ANSWER', message: 'The server sent no result.' }) };
    } catch (error) {
      return { ok: false, code: 'NETWORK_ERROR', message: String(error) };
    }
  };
}

/**
 * The camera liveness check: a live, mirrored preview with the face oval, a session (ACTIVE: a random
 * challenge; PASSIVE: none), the raw frames sent in chunks while the page shows the server's feedback
 * (face found, the step to do and how far it got, hints), then the verdict with its reasons.
 */
export function LivenessPage() {
  const client = useClient();
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const runRef = useRef<LivenessRun | null>(null);
  /** Bumped by every start, cancel and unmount: an older attempt stops at its next await. */
  const attemptRef = useRef(0);
  const [mode, setMode] = useState<LivenessMode>('ACTIVE');
  const [nod, setNod] = useState(false);
  const [phase, setPhase] = useState<Phase>('idle');
  const [session, setSession] = useState<OpenedLivenessSession | null>(null);
  const [run, setRun] = useState<RunState | null>(null);
  const [decided, setDecided] = useState<DecidedLivenessSession | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [still, setStill] = useState<string | null>(null);

  const releaseCamera = () => {
    stopCamera(streamRef.current);
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
  };

  useEffect(
    () => () => {
      attemptRef.current++;
      runRef.current?.cancel();
      runRef.current = null;
      stopCamera(streamRef.current);
      streamRef.current = null;
    },
    [],
  );
  // The still of the last frame is a blob: URL; free it when it is replaced or the page goes.
  useEffect(() => {
    if (!still) return;
    return () => URL.revokeObjectURL(still);
  }, [still]);

  const start = async () => {
    const attempt = ++attemptRef.current;
    const current = () => attemptRef.current === attempt;
    setPhase('starting');
    setSession(null);
    setRun(null);
    setDecided(null);
    setProblem(null);
    setStill(null);
    const fail = (next: Problem) => {
      if (!current()) return;
      releaseCamera();
      setProblem(next);
      setPhase('idle');
    };

    // The camera first: a refused permission costs no session (and no attempt against the limit).
    let stream: MediaStream;
    try {
      stream = await openCamera();
    } catch (error) {
      fail(describeCameraError(error));
      return;
    }
    if (!current()) {
      stopCamera(stream);
      return;
    }
    streamRef.current = stream;
    const video = videoRef.current;
    if (!video) return fail({ code: 'NO_PREVIEW', message: 'The page has no video element for the preview.' });
    video.srcObject = stream;
    try {
      await video.play();
    } catch (error) {
      return fail({ code: 'CAMERA_ERROR', message: `The camera preview could not start: ${String(error)}` });
    }
    if (!current()) return;

    const created = await client.mutation(CreateLivenessSessionMutation, { mode, nod: mode === 'ACTIVE' && nod }).toPromise();
    if (!current()) return;
    if (!created.data) return fail(created.error ? errorOf(created.error) : { code: 'NO_ANSWER', message: 'The server sent no result.' });
    const opened = created.data.createLivenessSession;
    setSession(opened);
    setPhase('capturing');

    const liveness = new LivenessRun({
      video,
      mode: opened.mode,
      challenge: opened.challenge,
      timeLimitMs: TIME_LIMIT_MS[opened.mode],
      send: sender(client, opened.id),
      onState: (state) => {
        if (!current()) return;
        setRun(state);
        if (state.phase === 'sending') setPhase((p) => (p === 'capturing' ? 'sending' : p));
      },
    });
    runRef.current = liveness;
    const outcome = await liveness.done;
    if (!current()) return;
    runRef.current = null;
    releaseCamera();
    if (outcome.lastFrame) setStill(URL.createObjectURL(outcome.lastFrame));
    if (outcome.end === 'cancelled') return setPhase('idle');
    if (outcome.error) setProblem(outcome.error);
    // A closed session has its verdict already; any other refusal still gets one (REPLAYED_FRAMES, TIMEOUT, ...).
    if (outcome.error?.code === 'LIVENESS_SESSION_CLOSED') return setPhase('idle');

    setPhase('deciding');
    const finished = await client.mutation(FinishLivenessSessionMutation, { sessionId: opened.id }).toPromise();
    if (!current()) return;
    if (!finished.data) return fail(finished.error ? errorOf(finished.error) : { code: 'NO_ANSWER', message: 'The server sent no result.' });
    setDecided(finished.data.finishLivenessSession);
    setPhase('done');
  };

  /** start() answers every failure it expects itself; anything else still ends as a message, not a broken page. */
  const startSafely = () => {
    start().catch((error: unknown) => {
      attemptRef.current++;
      runRef.current?.cancel();
      runRef.current = null;
      releaseCamera();
      setProblem({ code: 'ERROR', message: error instanceof Error ? error.message : String(error) });
      setPhase('idle');
    });
  };

  const cancel = () => {
    attemptRef.current++;
    runRef.current?.cancel();
    runRef.current = null;
    releaseCamera();
    setPhase('idle');
  };

  const busy = phase === 'starting' || phase === 'capturing' || phase === 'sending' || phase === 'deciding';
  const progress = run?.progress ?? null;
  const steps = session?.challenge.steps ?? [];
  const completed = progress?.stepsCompleted.length ?? 0;
  const activeStep: LivenessStep | null = session?.mode === 'ACTIVE' ? (progress ? progress.activeStep : (steps[0] ?? null)) : null;
  const faceState: LivenessFaceState | 'PENDING' = progress?.faceState ?? 'PENDING';
  const capturing = phase === 'capturing';
  const stepProgress = capturing || phase === 'sending' ? (progress?.stepProgress ?? 0) : phase === 'done' ? 1 : 0;
  const secondsLeft = run ? Math.max(0, Math.ceil((run.timeLimitMs - run.elapsedMs) / 1000)) : null;

  let instruction: string;
  if (phase === 'idle' || phase === 'done') instruction = '';
  else if (phase === 'starting') instruction = 'Starting the camera…';
  else if (phase === 'sending') instruction = 'Hold on: sending the last frames…';
  else if (phase === 'deciding') instruction = 'Checking…';
  else if (activeStep) instruction = STEP_TEXT[activeStep].text;
  else if (session?.mode === 'ACTIVE') instruction = 'Done: hold still';
  else instruction = 'Look at the camera and keep your face in the oval';

  return (
    <section
      aria-labelledby="liveness-title"
      className="liveness"
      data-testid="liveness"
      data-phase={phase}
      data-session-id={session?.id}
      data-updates={run?.updates ?? 0}
    >
      <div className="panel liveness-panel">
        <div className={`camera face-${faceState.toLowerCase()}${capturing ? ' capturing' : ''}`}>
          <video ref={videoRef} className={still || phase === 'idle' ? 'camera-feed mirrored hidden' : 'camera-feed mirrored'} muted playsInline />
          {still && <img className="camera-feed mirrored" src={still} alt="The last frame sent" />}
          {phase === 'idle' && !still && (
            <p className="camera-placeholder">
              The camera preview appears here.
              <span className="small">Frames go to this server only.</span>
            </p>
          )}
          <svg className="camera-oval" viewBox="0 0 300 400" preserveAspectRatio="none" aria-hidden="true">
            <path className="oval-mask" fillRule="evenodd" d="M0 0H300V400H0Z M50 190a100 135 0 1 0 200 0a100 135 0 1 0 -200 0Z" />
            <ellipse className="oval-line" cx="150" cy="190" rx="100" ry="135" />
            {(capturing || phase === 'sending') && (
              // From the top of the oval, clockwise.
              <path
                className="oval-progress"
                d="M150 55a100 135 0 1 1 0 270a100 135 0 1 1 0 -270"
                pathLength={100}
                strokeDasharray={`${Math.round(stepProgress * 100)} 100`}
              />
            )}
          </svg>
          {instruction && (
            <p className="camera-step" data-testid="liveness-step" data-step={capturing ? (activeStep ?? '') : ''} aria-live="polite">
              {capturing && activeStep && STEP_TEXT[activeStep].arrow && (
                <span className="step-arrow" aria-hidden="true">
                  {STEP_TEXT[activeStep].arrow}
                </span>
              )}
              {instruction}
            </p>
          )}
          {capturing && secondsLeft !== null && <span className="camera-timer">{secondsLeft} s</span>}
        </div>

        <div className="liveness-side">
          <h1 id="liveness-title">Liveness check</h1>
          <p className="muted small">
            Checks that a live person is in front of the camera, not a photo, a screen or a mask: a few seconds of frames go to the server, which follows
            blinks, head turns and 3-D motion.
          </p>

          <fieldset className="liveness-modes" disabled={busy}>
            <legend className="visually-hidden">Mode</legend>
            <label className={mode === 'ACTIVE' ? 'mode selected' : 'mode'}>
              <input type="radio" name="liveness-mode" value="ACTIVE" checked={mode === 'ACTIVE'} onChange={() => setMode('ACTIVE')} />
              <span>
                <strong>Active</strong>
                <span className="muted small">Follow a short random challenge: turn your head, blink.</span>
              </span>
            </label>
            <label className={mode === 'PASSIVE' ? 'mode selected' : 'mode'}>
              <input type="radio" name="liveness-mode" value="PASSIVE" checked={mode === 'PASSIVE'} onChange={() => setMode('PASSIVE')} />
              <span>
                <strong>Passive</strong>
                <span className="muted small">Just look at the camera for {TIME_LIMIT_MS.PASSIVE / 1000} s.</span>
              </span>
            </label>
            {mode === 'ACTIVE' && (
              <label className="check small">
                <input type="checkbox" checked={nod} onChange={(event) => setNod(event.target.checked)} /> Add a nod to the challenge
              </label>
            )}
          </fieldset>

          <div className="row">
            <button type="button" className="primary" onClick={startSafely} disabled={busy}>
              {phase === 'done' ? 'Check again' : 'Start check'}
            </button>
            {busy && (
              <button type="button" onClick={cancel}>
                Cancel
              </button>
            )}
          </div>

          {problem && (
            <p className="notice error" role="alert" data-testid="liveness-error" data-code={problem.code}>
              <strong>{problem.code === 'RATE_LIMITED' ? 'Too many attempts.' : `${problem.code}:`}</strong> {problem.message}
            </p>
          )}

          {session && phase !== 'done' && (
            <div className="liveness-status" aria-live="polite">
              <div className="row">
                <span className={`badge ${faceBadge(faceState)}`} data-testid="liveness-face-state" data-state={faceState}>
                  {FACE_STATE_TEXT[faceState]}
                </span>
                <span className="muted small" data-testid="liveness-frames" data-sent={run?.sent ?? 0} data-captured={run?.captured ?? 0}>
                  {run?.sent ?? 0} frames sent · {run?.captured ?? 0} captured
                </span>
              </div>
              {session.mode === 'ACTIVE' && (
                <ol className="liveness-steps" data-testid="liveness-steps">
                  {steps.map((step, i) => {
                    const state = i < completed ? 'done' : step === activeStep && i === completed ? 'active' : 'pending';
                    return (
                      <li key={`${step}-${i}`} className={`step step-${state}`} data-step={step} data-state={state}>
                        <span className="step-mark" aria-hidden="true">
                          {state === 'done' ? '✓' : i + 1}
                        </span>
                        {STEP_TEXT[step].short}
                      </li>
                    );
                  })}
                </ol>
              )}
              <div className="step-progress">
                <span className="small muted">{session.mode === 'ACTIVE' ? (activeStep ? STEP_TEXT[activeStep].short : 'Challenge') : 'Evidence'}</span>
                <svg
                  className="step-bar"
                  viewBox="0 0 100 8"
                  preserveAspectRatio="none"
                  role="progressbar"
                  aria-label="Step progress"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(stepProgress * 100)}
                >
                  <rect className="track" width="100" height="8" rx="4" />
                  <rect className="fill" width={Math.round(stepProgress * 100)} height="8" rx="4" />
                </svg>
              </div>
              {progress && progress.hints.length > 0 && (
                <ul className="hints" data-testid="liveness-hints">
                  {progress.hints.map((hint) => (
                    <li key={hint} className="hint" data-hint={hint}>
                      {HINT_TEXT[hint]}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}

          {decided &&
            (decided.verdict ? (
              <Verdict decided={decided} verdict={decided.verdict} mode={session?.mode ?? mode} />
            ) : (
              <p className="notice" role="status">
                The decision is still running ({decided.status.toLowerCase()}): look the session up later.
              </p>
            ))}
          {session && (
            <p className="muted small liveness-meta">
              Session <code>…{session.id.slice(-10)}</code> · nonce <code>{session.nonce.slice(0, 10)}…</code>
            </p>
          )}
        </div>
      </div>
    </section>
  );
}

const faceBadge = (state: LivenessFaceState | 'PENDING'): string => (state === 'ONE' ? 'good' : state === 'PENDING' ? '' : 'warn');

function Verdict(props: { decided: DecidedLivenessSession; verdict: LivenessSessionVerdict; mode: LivenessMode }) {
  const { decided, verdict, mode } = props;
  const text = VERDICT_TEXT[verdict];
  return (
    <div className={`verdict verdict-${text.tone}`} data-testid="liveness-verdict" data-verdict={verdict} role="status">
      <div className="verdict-head">
        <span className={`badge ${text.tone}`}>{verdict}</span>
        <h2>{text.title}</h2>
      </div>
      <p className="small">{text.text}</p>
      {decided.reasons.length > 0 && (
        <ul className="reasons">
          {decided.reasons.map((reason) => (
            <li key={reason} data-reason={reason}>
              <code>{reason}</code> {REASON_TEXT[reason]}
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">
        {decided.framesReceived} frames · {mode === 'ACTIVE' ? 'active' : 'passive'} mode
      </p>
    </div>
  );
}
