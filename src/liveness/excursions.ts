/** Runs of a per-frame signal past a threshold, with hysteresis: the shared shape of turns and nods. */

export interface Sample {
  timestampMs: number;
  value: number;
}

export interface Excursion {
  startMs: number;
  endMs: number;
  /** The sample furthest past the threshold (signed as the input). */
  peak: number;
  /** Index in the input of the first and last sample past `enter`. */
  first: number;
  last: number;
}

/**
 * Maximal runs of samples with sign·value ≥ `exit` that hold at least `minFrames` samples with
 * sign·value ≥ `enter`. The lower exit level keeps one turn that wobbles around the threshold from
 * counting twice. Start and end are the first and last samples past `enter`.
 */
export function excursions(samples: readonly Sample[], sign: 1 | -1, enter: number, exit: number, minFrames: number): Excursion[] {
  const out: Excursion[] = [];
  let run: { first: number; last: number; count: number; peak: number } | null = null;
  const close = (): void => {
    if (run && run.count >= minFrames) {
      out.push({ startMs: samples[run.first]!.timestampMs, endMs: samples[run.last]!.timestampMs, peak: run.peak, first: run.first, last: run.last });
    }
    run = null;
  };
  samples.forEach((s, i) => {
    const v = sign * s.value;
    if (v < exit) return close();
    if (v >= enter) {
      if (!run) run = { first: i, last: i, count: 0, peak: s.value };
      run.last = i;
      run.count++;
      if (v > sign * run.peak) run.peak = s.value;
    }
  });
  close();
  return out;
}
