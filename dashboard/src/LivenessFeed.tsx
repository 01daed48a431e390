import { useSubscription } from 'urql';
import type { Upload } from './AnalysePage.tsx';
import { LivenessVerdictsSubscription, type LivenessVerdictEvent } from './api.ts';
import { errorOf, type SocketState } from './client.ts';
import { humanize, score, time } from './format.ts';

const KEEP = 50;

/** Every liveness verdict of the tenant as it is decided (livenessVerdicts: live only), newest first; SPOOF is an alert. */
export function LivenessFeed(props: { socket: SocketState; uploads: Upload[] }) {
  const [{ data: verdicts = [], error }] = useSubscription({ query: LivenessVerdictsSubscription }, (previous: LivenessVerdictEvent[] = [], data) =>
    [data.livenessVerdicts, ...previous].slice(0, KEEP),
  );
  const names = new Map(props.uploads.flatMap((u) => (u.session ? [[u.session.id, u.fileName] as const] : [])));
  const spoofs = verdicts.filter((v) => v.verdict === 'SPOOF').length;
  const state = props.socket === 'connected' ? 'live' : props.socket === 'connecting' ? 'connecting' : 'offline';
  return (
    <section className="panel feed" aria-labelledby="feed-title">
      <header className="feed-head">
        <h2 id="feed-title">Liveness verdicts</h2>
        <span className={`live-dot ${state}`} data-testid="feed-status" data-state={state}>
          {humanize(state)}
        </span>
      </header>
      <p className="muted small">Every face of this tenant, the moment its anti-spoofing stage is stored.</p>
      {spoofs > 0 && (
        <p className="notice alert" role="alert" data-testid="spoof-alert">
          <strong>
            {spoofs} spoof {spoofs === 1 ? 'alert' : 'alerts'}
          </strong>{' '}
          — a print, a screen replay or a mask is likely.
        </p>
      )}
      {error && (
        <p className="notice error" role="alert">
          <strong>{errorOf(error).code}</strong> {errorOf(error).message}
        </p>
      )}
      {verdicts.length === 0 ? (
        <p className="empty muted">Waiting for verdicts…</p>
      ) : (
        <ol className="feed-list" aria-live="polite">
          {verdicts.map((v) => (
            <li key={v.faceId} className={`feed-item verdict-${v.verdict.toLowerCase()}`} data-testid="feed-item" data-verdict={v.verdict}>
              <span className={`badge ${v.verdict === 'LIVE' ? 'good' : v.verdict === 'SPOOF' ? 'bad' : 'warn'}`}>
                {v.verdict === 'SPOOF' ? '⚠ ' : ''}
                {humanize(v.verdict)}
              </span>
              <span className="feed-score">{score(v.score)}</span>
              <time className="muted small" dateTime={v.at}>
                {time(v.at)}
              </time>
              <span className="feed-what small" title={v.sessionId}>
                Face {v.faceIndex + 1} · {names.get(v.sessionId) ?? 'another client'}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
