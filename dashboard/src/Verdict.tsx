import { humanize } from './format.ts';

const VERDICT_CLASS: Readonly<Record<string, string>> = { LIVE: 'good', REAL: 'good', MATCH: 'good', SPOOF: 'bad', FAKE: 'bad', UNCERTAIN: 'warn' };

/** A verdict (liveness, deepfake, identity) as a coloured badge: the session cards and the video tracks alike. */
export function Verdict({ value }: { value: string }) {
  return <span className={`badge ${VERDICT_CLASS[value] ?? 'neutral'}`}>{humanize(value)}</span>;
}
