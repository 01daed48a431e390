import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PipelineObserver } from '../pipeline/observer.ts';
import { metricCatalog, type MetricName } from './metric-catalog.ts';

/** A rate gauge's sample: percent, for one tenant's threshold (or `*`, the server default). */
export interface RateSample {
  source: 'calibration' | 'live';
  tenant: string;
  far: number | null;
  frr: number | null;
  eer: number | null;
}

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** How far past the threshold a wrong decision's score sat: the further, the worse the miss. */
export function severityOf(distance: number): Severity {
  if (distance >= 0.2) return 'critical';
  if (distance >= 0.1) return 'high';
  if (distance >= 0.05) return 'medium';
  return 'low';
}

export interface Metrics {
  /** This process's registry (one per app, so apps in one test process stay apart). */
  registry: Registry;
  pipeline: PipelineObserver;
  threadDied(): void;
  error(code: string, source: 'graphql' | 'session'): void;
  eventDelivered: (lagSeconds: number) => void;
  subscription(field: string, delta: 1 | -1): void;
  verification(kind: 'faces' | 'person', outcome: { result: 'match' | 'no_match' | 'error'; seconds: number; similarity: number | null }): void;
  identification(decision: string): void;
  outcomeReported(correct: boolean, wrong: { kind: 'accept' | 'reject'; severity: Severity } | null): void;
  /** A liveness session's verdict (a SPOOF also counts as a presentation attack). */
  livenessSessionDecided: (mode: string, verdict: string, reasons: readonly string[]) => void;
  /** A video analysis ended: its status, sampled frames and seconds since a worker started it. */
  videoAnalysisEnded: (status: 'COMPLETED' | 'FAILED', frames: number, seconds: number) => void;
  /** Job slots of this process, for the busy ratio. */
  setCapacity(slots: number): void;
  /** Read when scraped: BullMQ's counts (queue mode). */
  setQueueCounts(read: () => Promise<Record<string, number>>): void;
  /** Read when scraped: BullMQ's counts of the video-analyses queue (queue mode). */
  setVideoQueueCounts(read: () => Promise<Record<string, number>>): void;
  /** Read when scraped: FAR/FRR/EER by source and tenant. */
  setRates(read: () => Promise<RateSample[]>): void;
}

const spec = <N extends MetricName>(name: N) => ({ name, help: metricCatalog[name].help, labelNames: [...metricCatalog[name].labels] as string[] });

const STAGE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const REQUEST_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];
const LAG_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];
const SCORE_BUCKETS = Array.from({ length: 20 }, (_, i) => Math.round((i + 1) * 0.05 * 100) / 100);

/** Every metric of the catalog on a registry of its own, with prom-client's process defaults. */
export function createMetrics(role: 'api' | 'worker'): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const counter = (name: MetricName) => new Counter({ ...spec(name), registers });
  const histogram = (name: MetricName, buckets: number[]) => new Histogram({ ...spec(name), buckets, registers });

  const stageDuration = histogram('facesocial_stage_duration_seconds', STAGE_BUCKETS);
  const sessions = counter('facesocial_sessions_total');
  const errors = counter('facesocial_errors_total');
  const threadDeaths = counter('facesocial_inference_thread_deaths_total');
  const jobs = counter('facesocial_jobs_total');
  const eventLag = histogram('facesocial_event_bus_lag_seconds', LAG_BUCKETS);
  const subscriptions = new Gauge({ ...spec('facesocial_active_subscriptions'), registers });
  const verifications = counter('verification_requests_total');
  const verificationTime = histogram('verification_duration_seconds', REQUEST_BUCKETS);
  const confidence = histogram('verification_confidence_score', SCORE_BUCKETS);
  const identifications = counter('identification_decisions_total');
  const falseAccepts = counter('false_accept_total');
  const falseRejects = counter('false_reject_total');
  const outcomes = counter('verification_outcomes_total');
  const liveness = counter('liveness_checks_total');
  const spoofing = counter('spoofing_attacks_detected');
  const deepfakes = counter('deepfake_detections_total');
  const livenessSessions = counter('liveness_sessions_total');
  const livenessReasons = counter('liveness_session_reasons_total');
  const videoAnalyses = counter('video_analyses_total');
  const videoFrames = counter('video_frames_analyzed_total');
  const videoDuration = histogram('video_analysis_duration_seconds', [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800]);

  let running = 0;
  let capacity = 1;
  new Gauge({
    ...spec('facesocial_worker_busy_ratio'),
    registers,
    collect() {
      this.set(Math.min(1, running / capacity));
    },
  });
  /** A BullMQ queue's job counts by state, read when scraped from what `setQueueCounts` and the like gave it. */
  const queueGauge = (name: 'facesocial_queue_jobs' | 'video_queue_jobs') => {
    const source: { read: (() => Promise<Record<string, number>>) | null } = { read: null };
    new Gauge({
      ...spec(name),
      registers,
      async collect() {
        if (!source.read) return;
        // A scrape during a Redis outage keeps the last values rather than failing the whole page.
        const counts = await source.read().catch(() => null);
        for (const [state, n] of Object.entries(counts ?? {})) this.set({ state }, n);
      },
    });
    return source;
  };
  const analysisQueue = queueGauge('facesocial_queue_jobs');
  const videoQueue = queueGauge('video_queue_jobs');

  let readRates: (() => Promise<RateSample[]>) | null = null;
  let rates: Promise<RateSample[]> | null = null;
  /** The three rate gauges share one read per scrape. */
  const rateGauge = (name: 'false_accept_rate' | 'false_reject_rate' | 'equal_error_rate', pick: (s: RateSample) => number | null) =>
    new Gauge({
      ...spec(name),
      registers,
      async collect() {
        if (!readRates) return;
        rates ??= readRates()
          .catch(() => [])
          .finally(() => setTimeout(() => (rates = null), 1000).unref());
        this.reset();
        for (const sample of await rates) {
          const value = pick(sample);
          if (value !== null) this.set({ source: sample.source, tenant: sample.tenant }, value);
        }
      },
    });
  rateGauge('false_accept_rate', (s) => s.far);
  rateGauge('false_reject_rate', (s) => s.frr);
  rateGauge('equal_error_rate', (s) => s.eer);

  const pipeline: PipelineObserver = {
    stageFinished(event, context) {
      stageDuration.observe({ stage: event.stage, model: event.model ?? 'none' }, event.durationMs / 1000);
      if (context?.livenessFrame) return;
      if (event.stage === 'ANTI_SPOOFING') {
        for (const face of event.result.faces) {
          liveness.inc({ result: face.verdict });
          if (face.verdict === 'SPOOF') spoofing.inc({ type: 'presentation' });
        }
      } else if (event.stage === 'DEEPFAKE') {
        for (const face of event.result.faces) {
          deepfakes.inc({ verdict: face.verdict });
          if (face.verdict === 'FAKE') spoofing.inc({ type: 'deepfake' });
        }
      } else if (event.stage === 'IDENTIFICATION') {
        for (const face of event.result.faces) identifications.inc({ decision: face.decision });
      }
    },
    sessionEnded(outcome) {
      sessions.inc({ status: outcome.status });
      if (outcome.status === 'FAILED') errors.inc({ code: outcome.code, source: 'session' });
    },
    jobStarted() {
      running++;
    },
    jobEnded(outcome) {
      running--;
      jobs.inc({ outcome });
    },
  };

  return {
    registry,
    pipeline,
    threadDied: () => threadDeaths.inc(),
    error: (code, source) => errors.inc({ code, source }),
    eventDelivered: (lag) => eventLag.observe(Math.max(0, lag)),
    subscription: (field, delta) => subscriptions.inc({ field }, delta),
    verification(kind, outcome) {
      verifications.inc({ kind, result: outcome.result });
      verificationTime.observe({ kind }, outcome.seconds);
      if (outcome.similarity !== null) confidence.observe({ kind }, Math.max(0, outcome.similarity));
    },
    identification: (decision) => identifications.inc({ decision }),
    outcomeReported(correct, wrong) {
      outcomes.inc({ correct: String(correct) });
      if (wrong?.kind === 'accept') falseAccepts.inc({ severity: wrong.severity });
      if (wrong?.kind === 'reject') falseRejects.inc({ severity: wrong.severity });
    },
    livenessSessionDecided(mode, verdict, reasons) {
      livenessSessions.inc({ mode, verdict });
      for (const reason of reasons) livenessReasons.inc({ reason });
      if (verdict === 'SPOOF') spoofing.inc({ type: 'liveness_session' });
    },
    videoAnalysisEnded(status, frames, seconds) {
      videoAnalyses.inc({ status });
      videoFrames.inc(frames);
      videoDuration.observe({ status }, seconds);
    },
    setCapacity: (slots) => {
      capacity = Math.max(1, slots);
    },
    setQueueCounts: (read) => {
      analysisQueue.read = read;
    },
    setVideoQueueCounts: (read) => {
      videoQueue.read = read;
    },
    setRates: (read) => {
      readRates = read;
    },
  };
}
