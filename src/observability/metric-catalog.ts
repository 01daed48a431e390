/**
 * Every metric FaceSocial registers besides prom-client's process defaults and the GraphQL ones of
 * @graphql-yoga/plugin-prometheus: name, kind, labels and help. monitoring/ (rules, dashboards) may
 * name only these, the defaults, the plugin's and the exporters' (test/observability/ checks it).
 * The biometric names are verbatim those dashboards of the source design chart, so they carry no
 * prefix; the operational ones start with facesocial_.
 */
export const metricCatalog = {
  // Pipeline and sessions (the API in embedded mode, the worker in queue mode).
  facesocial_stage_duration_seconds: { type: 'histogram', labels: ['stage', 'model'], help: 'Time one pipeline stage took for one image.' },
  facesocial_sessions_total: { type: 'counter', labels: ['status'], help: 'Analysis sessions that ended, by final status (COMPLETED, FAILED).' },
  facesocial_errors_total: {
    type: 'counter',
    labels: ['code', 'source'],
    help: 'Errors by stable code: source "graphql" for answers to clients, "session" for failed sessions.',
  },
  facesocial_inference_thread_deaths_total: { type: 'counter', labels: [], help: 'Inference worker threads that died (and were replaced).' },
  facesocial_worker_busy_ratio: { type: 'gauge', labels: [], help: 'Share of this process’s job slots running a job now (0..1).' },
  facesocial_jobs_total: {
    type: 'counter',
    labels: ['outcome'],
    help: 'Jobs this process ran, by outcome: completed, failed, skipped (already finished), error (thrown; the queue retries it).',
  },
  // Queue mode: BullMQ's counts, read when scraped (the API replicas and the workers).
  facesocial_queue_jobs: { type: 'gauge', labels: ['state'], help: 'Jobs in the analysis queue by state (waiting, active, delayed, failed, prioritized).' },
  video_queue_jobs: {
    type: 'gauge',
    labels: ['state'],
    help: 'Jobs in the video-analyses queue by state (waiting, active, delayed, failed): what the workers scale on for videos.',
  },
  // Events and subscriptions (the API).
  facesocial_event_bus_lag_seconds: {
    type: 'histogram',
    labels: [],
    help: 'From an event’s creation (worker or API) to its delivery to this replica’s subscribers.',
  },
  facesocial_active_subscriptions: { type: 'gauge', labels: ['field'], help: 'GraphQL subscriptions open now on this replica, by root field.' },
  // Biometric: verification and identification.
  verification_requests_total: { type: 'counter', labels: ['kind', 'result'], help: 'verifyFaces / verifyPerson (kind) by result: match, no_match, error.' },
  verification_duration_seconds: { type: 'histogram', labels: ['kind'], help: 'Time of a verification, upload to decision.' },
  verification_confidence_score: { type: 'histogram', labels: ['kind'], help: 'Cosine similarity of verified pairs.' },
  identification_decisions_total: {
    type: 'counter',
    labels: ['decision'],
    help: 'identifyFaces and the IDENTIFICATION stage by decision (MATCH, UNKNOWN, ...).',
  },
  false_accept_rate: {
    type: 'gauge',
    labels: ['source', 'tenant'],
    help: 'FAR in percent at the tenant’s verification threshold: source "calibration" (LFW pairs of npm run eval) or "live" (reported outcomes, rolling window).',
  },
  false_reject_rate: { type: 'gauge', labels: ['source', 'tenant'], help: 'FRR in percent at the tenant’s verification threshold (calibration or live).' },
  equal_error_rate: {
    type: 'gauge',
    labels: ['source', 'tenant'],
    help: 'EER in percent: where FAR and FRR meet (calibration: the LFW scores; live: the reported outcomes).',
  },
  false_accept_total: {
    type: 'counter',
    labels: ['severity'],
    help: 'Reported false accepts (a match that was wrong), by how far above the threshold the score sat.',
  },
  false_reject_total: {
    type: 'counter',
    labels: ['severity'],
    help: 'Reported false rejects (a no-match that was wrong), by how far below the threshold the score sat.',
  },
  verification_outcomes_total: { type: 'counter', labels: ['correct'], help: 'Outcomes clients reported with reportVerificationOutcome.' },
  // Biometric: presentation attacks and deepfakes.
  liveness_checks_total: { type: 'counter', labels: ['result'], help: 'Faces checked by ANTI_SPOOFING, by verdict (LIVE, SPOOF, UNCERTAIN).' },
  spoofing_attacks_detected: {
    type: 'counter',
    labels: ['type'],
    help: 'Attacks detected, by type: presentation (ANTI_SPOOFING judged a face SPOOF), deepfake (DEEPFAKE judged it FAKE), liveness_session (a liveness session ended SPOOF).',
  },
  liveness_sessions_total: {
    type: 'counter',
    labels: ['mode', 'verdict'],
    help: 'Liveness sessions decided (finishLivenessSession), by mode (ACTIVE, PASSIVE) and verdict (LIVE, SPOOF, INCONCLUSIVE).',
  },
  video_analyses_total: {
    type: 'counter',
    labels: ['status'],
    help: 'Video analyses ended (analyzeVideo), by status (COMPLETED, FAILED).',
  },
  video_frames_analyzed_total: {
    type: 'counter',
    labels: [],
    help: 'Sampled video frames run through the pipeline by analyses that ended; rate() of it is the video throughput in frames/s.',
  },
  video_analysis_duration_seconds: {
    type: 'histogram',
    labels: ['status'],
    help: 'Seconds from a worker starting a video analysis to its end, by status.',
  },
  liveness_session_reasons_total: {
    type: 'counter',
    labels: ['reason'],
    help: 'Reason codes of decided liveness sessions (NO_BLINK, PLANAR_MOTION, IDENTITY_SWITCH, ...): one count per reason per session.',
  },
  deepfake_detections_total: { type: 'counter', labels: ['verdict'], help: 'Faces checked by DEEPFAKE, by verdict (REAL, FAKE, UNCERTAIN).' },
} as const satisfies Record<string, { type: 'counter' | 'gauge' | 'histogram'; labels: readonly string[]; help: string }>;

export type MetricName = keyof typeof metricCatalog;
