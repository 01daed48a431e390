import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { detectorKinds } from '../pipeline/detectors.ts';
import { modelProfiles } from '../pipeline/model-profile.ts';
import { roles } from '../auth/roles.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

const boolFromEnv = z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']).transform((v) => v === '1' || v === 'true' || v === 'yes');

/**
 * Every setting, read from the environment once and validated. Nothing else reads process.env.
 * The README's configuration table lists these; keep both in step.
 */
const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Where to listen. Default: 0.0.0.0 with auth on; 127.0.0.1 without auth (no one else can reach an unauthenticated server). */
  HOST: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PostgreSQL URL (queue mode). Unset: embedded PGlite under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Embedded mode's data directory (PGlite files). */
  DATA_DIR: z.string().default(`${projectRoot}/data`),
  /** Redis URL (queue mode). Unset: in-process queue and in-memory pub/sub. */
  REDIS_URL: z.string().url().optional(),
  /** Prefix of every Redis key and channel (several deployments, or test runs, can share one Redis). */
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w-]+$/)
    .default('facesocial'),
  /** Queue mode: seconds an uploaded image waits in Redis for a worker before it expires. */
  IMAGE_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  /** Queue mode: attempts per job for unexpected failures (bad images fail at once), with exponential backoff from JOB_BACKOFF_MS. */
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  JOB_BACKOFF_MS: z.coerce.number().int().min(0).default(2000),
  /** Queue mode: jobs one worker process runs at once (the CPU work runs on INFERENCE_THREADS threads). Unset: INFERENCE_THREADS + 1. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** Queue mode: a worker's job lock; a job whose worker died is taken again after it expires. */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Queue mode: how often each API replica looks for unfinished sessions whose job was lost (e.g. Redis restarted without persistence). */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  /** Queue mode: on SIGTERM a worker finishes its jobs for at most this long, then exits (unfinished jobs are retried elsewhere). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Queue mode: an API replica's Redis command that gets no answer in this time fails the request with SERVICE_UNAVAILABLE (503) instead of hanging. */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Seconds a client is told to wait (Retry-After) when the database or Redis is unreachable. */
  RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  /**
   * Fault injection for the reliability tests only: a worker process that takes an image with this
   * sha256 kills itself (SIGKILL), as a native crash in decoding or inference would. Never set it in a deployment.
   */
  FAULT_KILL_ON_IMAGE_SHA256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  MODELS_DIR: z.string().default(`${projectRoot}/models`),
  /** Where `npm run models:fetch` takes optional models from: a directory or an http(s) base URL. */
  MODELS_FETCH_FROM: z.string().optional(),
  /** Upload limits: bytes per file (yoga's multipart limit) and decoded pixels (read from the header). */
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 1024 * 1024),
  MAX_IMAGE_PIXELS: z.coerce.number().int().positive().default(40_000_000),
  /** Files one analyzeImages request may carry. */
  MAX_BATCH_FILES: z.coerce.number().int().min(1).max(500).default(20),
  /** Bytes of one request body in all (a batch's files together); past it the request is refused (REQUEST_TOO_LARGE, 413) before it is buffered. */
  MAX_REQUEST_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  /** Characters of a free-text argument (a name, an externalId, a search, a requestId); NUL is refused in any. */
  MAX_STRING_LENGTH: z.coerce.number().int().min(16).max(100_000).default(256),
  /** Rate limits (points per minute; a read costs 1, an upload RATE_LIMIT_UPLOAD_COST): per credential, and per tenant in all. */
  RATE_LIMIT_CREDENTIAL_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  RATE_LIMIT_TENANT_PER_MINUTE: z.coerce.number().int().min(1).default(30_000),
  RATE_LIMIT_UPLOAD_COST: z.coerce.number().int().min(1).default(5),
  /** Failed authentications per client address per minute; past it the address is refused for the rest of the minute. */
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Sessions a tenant may have QUEUED or RUNNING at once; an upload past it is RATE_LIMITED. */
  MAX_QUEUED_SESSIONS_PER_TENANT: z.coerce.number().int().min(1).default(500),
  /** graphql-ws: open sockets per tenant, and subscriptions per socket. */
  WS_MAX_SOCKETS_PER_TENANT: z.coerce.number().int().min(1).default(1000),
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).default(100),
  /** How often an open socket re-checks its API key: a revoked or expired key closes it (4403) within this time. */
  WS_CREDENTIAL_RECHECK_MS: z.coerce.number().int().min(100).max(30_000).default(10_000),
  /** OpenTelemetry: traces go to this OTLP/HTTP collector (`/v1/traces`); unset, tracing is off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** The traces' service.name; default facesocial-api / facesocial-worker. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** The rolling window of reported verification outcomes the live FAR/FRR/EER metrics count. */
  VERIFICATION_OUTCOME_WINDOW_HOURS: z.coerce.number().positive().default(24),
  /** When set, /metrics and /health/detailed are served only on this port (no credentials), not on PORT. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Worker processes: /health/live, /health/ready and /metrics on this port (0: a free one, logged at start). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** API keys: the lifetime of a key created without `expiresAt`, and the longest one may ask for (days). */
  API_KEY_DEFAULT_TTL_DAYS: z.coerce.number().int().min(1).default(90),
  API_KEY_MAX_TTL_DAYS: z.coerce.number().int().min(1).default(365),
  /**
   * Query limits (graphql-armor), on HTTP and graphql-ws alike; sized to the deepest operation in the
   * docs and the SDK with room to spare (see the README's Security section).
   */
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).default(10),
  MAX_QUERY_COST: z.coerce.number().int().min(10).default(5000),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(1).default(30),
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(1).default(20),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(3000),
  /** Browser origins allowed to call the API cross-origin (comma-separated); none by default: same origin only. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o.length > 0),
    ),
  /** Schema introspection; default: on, off with NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: boolFromEnv.optional(),
  /** Worker threads that run inference in embedded mode (each loads every model once). */
  INFERENCE_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  /** Threads one ONNX session.run may use. */
  ORT_INTRA_OP_THREADS: z.coerce.number().int().min(1).max(64).default(2),
  ORT_EXECUTION_PROVIDER: z.enum(['cpu', 'cuda']).default('cpu'),
  /**
   * full: best accuracy, includes models licensed for non-commercial use only (SCRFD, age/gender).
   * permissive: MIT/Apache models only (YuNet detector, no AGE_GENDER).
   */
  MODEL_PROFILE: z.enum(modelProfiles).default('full'),
  /** Unset: the profile's detector (full: scrfd_500m, permissive: yunet). scrfd_2.5g is the accurate one. */
  DETECTOR: z.enum(detectorKinds).optional(),
  /** Unset: the detector's own cut (SCRFD 0.5, YuNet 0.9, as models/README.md advises). */
  DETECTION_SCORE_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  /**
   * Overlapping tiles find small faces in large photos. auto: only when the whole-photo pass suggests
   * small faces (none found, or the smallest under 32 px at the detector's input scale), so portraits
   * cost one pass; always: every large photo (several times slower); off. Legacy 1/0 mean always/off.
   * Unset: always for scrfd_2.5g (the accurate profile), auto for the others.
   */
  DETECTION_TILES: z
    .enum(['auto', 'always', 'off', '1', '0', 'true', 'false'])
    .transform((v) => (v === '1' || v === 'true' ? 'always' : v === '0' || v === 'false' ? 'off' : v))
    .optional(),
  /**
   * Tile side in pixels. Unset: 320 when tiling always (SCRFD-2.5G finds 91.0% of the 67 boxed faces of
   * face-detection-multi, 359 ms per image; 640 finds 85.1%, 132 ms), the detector's input (640) in auto.
   */
  DETECTION_TILE_SIZE: z.coerce.number().int().min(160).max(1280).multipleOf(32).optional(),
  /**
   * The score cut for detections on tiles in auto mode (unset: the detector's own). Lower than the
   * whole-photo cut because auto tiles only photos already known to hold small faces, whose scores run low.
   */
  DETECTION_TILE_SCORE_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  /**
   * Faces whose QUALITY score is below this get no embedding (RECOGNITION skips them). Default 0: no face is
   * stopped, as that scores best on verification (LFW folds 1-2: 99.4% ungated, 99.2% at 0.2, which stops 7 of
   * 1583 faces); every face still carries its quality score, enrollment has its own minimum
   * (ENROLLMENT_QUALITY_MIN) and a client that wants a gate asks for it (verifyFaces/verifyPerson/identifyFaces `minQuality`).
   */
  QUALITY_GATE: z.coerce.number().min(0).max(1).default(0),
  /** Embed each aligned crop and its mirror and average (2 model runs per face). */
  RECOGNITION_FLIP: boolFromEnv.default(false),
  /**
   * verifyFaces / verifyPerson: cosine similarity at or above which two faces are the same person. The LFW
   * threshold at FAR 1e-3 on folds 1-2 (just above the highest of 600 impostor pairs, 0.342; 1.7% of genuine
   * pairs fall below it). The best-accuracy threshold would be 0.29 (1 impostor pair of 600 accepted).
   */
  RECOGNITION_THRESHOLD: z.coerce.number().min(-1).max(1).default(0.35),
  /**
   * identifyFaces: a candidate at or above this similarity is a MATCH, else the face is UNKNOWN. 1:N search makes
   * many comparisons, so the 1:1 FAR 1e-3 threshold (0.35) matched 17.7% of never-enrolled LFW probes against a
   * 307-identity gallery; 0.44 keeps that false-positive identification rate at 1.1% (FNIR 5.8%, rank-1 98.8%).
   */
  IDENTIFY_THRESHOLD: z.coerce.number().min(-1).max(1).default(0.44),
  /** enrollFace refuses faces whose quality score is below this (LOW_QUALITY): stricter than QUALITY_GATE, as a gallery face is compared with everything. */
  ENROLLMENT_QUALITY_MIN: z.coerce.number().min(0).max(1).default(0.5),
  /**
   * HNSW candidate list per gallery search (pgvector's hnsw.ef_search; at least 2 × the rows asked for):
   * higher finds the true nearest faces more often and costs time. npm run bench:search prints the trade-off.
   */
  HNSW_EF_SEARCH: z.coerce.number().int().min(10).max(1000).default(200),
  /** How long enrollment, verify and identify wait for their analysis before TIMEOUT. */
  ANALYSIS_WAIT_MS: z.coerce.number().int().min(1000).default(60_000),
  /** LIVE at or above this averaged p(real); SPOOF below LIVENESS_SPOOF_BELOW; UNCERTAIN between. */
  LIVENESS_LIVE_AT: z.coerce.number().min(0).max(1).default(0.8),
  LIVENESS_SPOOF_BELOW: z.coerce.number().min(0).max(1).default(0.5),
  /** FAKE at or above this manipulation score; REAL below DEEPFAKE_REAL_BELOW; UNCERTAIN between. */
  DEEPFAKE_FAKE_AT: z.coerce.number().min(0).max(1).default(0.7),
  DEEPFAKE_REAL_BELOW: z.coerce.number().min(0).max(1).default(0.3),
  /**
   * Liveness sessions (createLivenessSession): how long one stays open (AWS's 3 minutes at most), the lowest
   * frame rate a challenge asks for (a blink lasts 100-400 ms, so 10 fps sees at least one closed frame),
   * the frames one session and one addLivenessFrames call may carry, and how many frames are kept as
   * audit images. A session and its frames are erased LIVENESS_RETENTION_DAYS after it was created.
   */
  LIVENESS_SESSION_TTL_S: z.coerce.number().int().min(10).max(180).default(180),
  LIVENESS_MIN_FPS: z.coerce.number().int().min(10).max(60).default(10),
  LIVENESS_FRAME_BUDGET: z.coerce.number().int().min(10).max(900).default(200),
  LIVENESS_MAX_FRAMES_PER_CALL: z.coerce.number().int().min(1).max(60).default(30),
  LIVENESS_AUDIT_FRAMES: z.coerce.number().int().min(0).max(10).default(4),
  LIVENESS_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  /**
   * Failed liveness attempts (SPOOF or INCONCLUSIVE) per credential: at most LIVENESS_MAX_FAILED_ATTEMPTS in
   * LIVENESS_ATTEMPT_WINDOW_S, then createLivenessSession is RATE_LIMITED for LIVENESS_LOCKOUT_S (AWS's advice:
   * 5 in 3 minutes, then 30-60 minutes).
   */
  LIVENESS_MAX_FAILED_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  LIVENESS_ATTEMPT_WINDOW_S: z.coerce.number().int().min(10).default(180),
  LIVENESS_LOCKOUT_S: z.coerce.number().int().min(10).default(1800),
  /**
   * Video analysis (analyzeVideo). An upload streams to the blob store and is refused past MAX_VIDEO_BYTES
   * while it streams (VIDEO_TOO_LARGE, HTTP 413); a video longer than MAX_VIDEO_SECONDS is refused after
   * ffprobe has read it. At most VIDEO_MAX_FRAMES frames are sampled (a request's maxFrames is capped
   * there); VIDEO_DEFAULT_FPS and VIDEO_DEFAULT_MAX_FRAMES when the request names none. Results are
   * erased VIDEO_RETENTION_DAYS after the analysis was created, as sessions are.
   */
  MAX_VIDEO_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(2 ** 31 - 1)
    .default(500 * 1024 * 1024),
  MAX_VIDEO_SECONDS: z.coerce.number().positive().default(600),
  /** Video uploads one API replica streams to disk at once; one more is RATE_LIMITED before its file is read. */
  VIDEO_UPLOADS_IN_FLIGHT: z.coerce.number().int().min(1).default(4),
  /** Videos a tenant may have QUEUED or RUNNING at once (each holds up to MAX_VIDEO_BYTES of disk): past it, RATE_LIMITED. */
  MAX_QUEUED_VIDEOS_PER_TENANT: z.coerce.number().int().min(1).default(10),
  VIDEO_MAX_FRAMES: z.coerce.number().int().min(1).max(10_000).default(1000),
  VIDEO_DEFAULT_FPS: z.coerce.number().positive().max(60).default(5),
  VIDEO_DEFAULT_MAX_FRAMES: z.coerce.number().int().min(1).default(300),
  /** Frames are scaled down by ffmpeg so that their longer side is at most this (the detector sees 640 px). */
  VIDEO_FRAME_MAX_SIDE: z.coerce.number().int().min(160).max(4096).default(1280),
  VIDEO_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  /** The longest one video analysis may run on its worker (decode and inference); 0: 2 s a sampled frame, at least 120 s. Past it: FAILED, TIMEOUT. */
  VIDEO_ANALYSIS_TIMEOUT_S: z.coerce.number().min(0).default(0),
  /**
   * Where uploaded videos wait for their worker. Unset BLOB_S3_BUCKET: files under DATA_DIR/blobs (embedded
   * mode, or one machine). Set: an S3-compatible bucket that API replicas and workers share (queue mode).
   * Blobs are deleted when their analysis ends, or BLOB_RETENTION_DAYS later when that is set.
   */
  BLOB_S3_BUCKET: z.string().min(3).optional(),
  /** An S3-compatible endpoint (MinIO, Ceph, a local test server); unset: AWS's own for BLOB_S3_REGION. */
  BLOB_S3_ENDPOINT: z.string().url().optional(),
  BLOB_S3_REGION: z.string().min(1).default('us-east-1'),
  /** Unset: the AWS SDK's default credential chain (environment, profile, instance role). */
  BLOB_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  BLOB_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (endpoint/bucket/key), which most S3-compatible servers need. */
  BLOB_S3_FORCE_PATH_STYLE: boolFromEnv.default(true),
  /** Key prefix inside the bucket, so that one bucket can serve several deployments. */
  BLOB_S3_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._/-]*$/)
    .default('facesocial/'),
  BLOB_RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  /** Queue mode: where uploaded still images wait for their worker: `redis` (with IMAGE_TTL_SECONDS), or `blob` (the blob store above). */
  IMAGE_STORE: z.enum(['redis', 'blob']).default('redis'),
  /** Data sets for tests and `npm run eval` (never copied into the repo). */
  DATASETS_DIR: z.string().default(fileURLToPath(new URL('../../../shared/datasets', import.meta.url))),
  /** Set by CI: tests that would skip for a missing data set or service fail instead. */
  REQUIRE_DATASETS: boolFromEnv.default(false),
  /** Tests of queue mode: the PostgreSQL server (each test file creates its own database) and Redis they use. */
  TEST_POSTGRES_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/postgres'),
  TEST_REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Set by CI: queue-mode tests fail instead of skipping when PostgreSQL or Redis is not reachable. */
  REQUIRE_SERVICES: boolFromEnv.default(false),
  /** ffmpeg and ffprobe (Debian's package): frames of video clips for liveness sessions and their tests. */
  FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
  FFPROBE_PATH: z.string().min(1).default('ffprobe'),
  /** Set by CI: tests that need ffmpeg fail instead of skipping when it is missing. */
  REQUIRE_FFMPEG: boolFromEnv.default(false),
  /** Browser tests: Debian's Chromium (apt-get install chromium); CI sets REQUIRE_BROWSER=1 so a missing one fails instead of skipping. */
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  REQUIRE_BROWSER: boolFromEnv.default(false),
  /** GraphiQL on GET /graphql; default: on, off with NODE_ENV=production. */
  GRAPHIQL: boolFromEnv.optional(),
  /**
   * Multi-tenant mode: requests must carry `Authorization: Bearer <JWT>` (graphql-ws: the
   * `authorization` connection parameter) signed with this HS256 secret (at least 32 bytes), or by a
   * key of AUTH_JWKS_URL; the token's tenant claim scopes every query. Neither set: no authentication
   * and one tenant, "default" (embedded mode only, unless AUTH_DISABLED).
   */
  AUTH_JWT_SECRET: z.string().min(32).optional(),
  /** RS256/ES256 tokens: the issuer's JSON Web Key Set (fetched with a cache and a cooldown). */
  AUTH_JWKS_URL: z.string().url().optional(),
  /** Required whenever auth is on: tokens of another issuer or audience are refused. */
  AUTH_JWT_ISSUER: z.string().optional(),
  AUTH_JWT_AUDIENCE: z.string().optional(),
  /** The longest lifetime (exp - iat) a token may have, in seconds. */
  AUTH_JWT_MAX_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .max(31 * 24 * 3600)
    .default(24 * 3600),
  /** Claim names: the tenant, and the roles (an array of admin, operator, viewer; a single `role` is read too). */
  AUTH_TENANT_CLAIM: z.string().min(1).default('tenant'),
  AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** The role of a token that names none. */
  AUTH_DEFAULT_ROLE: z.enum(roles).default('viewer'),
  /** Queue mode refuses to start without auth unless this is set (a private network that authenticates in front). */
  AUTH_DISABLED: boolFromEnv.default(false),
});

export type Config = z.infer<typeof configSchema>;

/** Settings that may be read from a file named by `<KEY>_FILE` instead. */
const secretKeys = ['AUTH_JWT_SECRET', 'DATABASE_URL', 'REDIS_URL'] as const;

export class ConfigError extends Error {}

/** Reads and validates configuration; `overrides` win over the environment (tests, scripts). */
export function loadConfig(overrides: Partial<Record<keyof Config, string | number | boolean | undefined>> = {}): Config {
  const source: Record<string, unknown> = { ...process.env };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete source[key];
    else source[key] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  }
  for (const key of Object.keys(source)) if (source[key] === '') delete source[key];
  // Docker and Kubernetes secrets: KEY_FILE names a file holding KEY (when KEY itself is not set).
  for (const key of secretKeys) {
    const file = source[`${key}_FILE`];
    if (source[key] !== undefined || typeof file !== 'string') continue;
    try {
      source[key] = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(`Invalid configuration:\n  ${key}_FILE: cannot read ${file} (${(error as Error).message})`);
    }
  }
  const parsed = configSchema
    .refine((c) => c.LIVENESS_SPOOF_BELOW <= c.LIVENESS_LIVE_AT, { message: 'must not exceed LIVENESS_LIVE_AT', path: ['LIVENESS_SPOOF_BELOW'] })
    .refine((c) => c.DEEPFAKE_REAL_BELOW <= c.DEEPFAKE_FAKE_AT, { message: 'must not exceed DEEPFAKE_FAKE_AT', path: ['DEEPFAKE_REAL_BELOW'] })
    .refine((c) => !(c.AUTH_JWT_SECRET || c.AUTH_JWKS_URL) || (c.AUTH_JWT_ISSUER && c.AUTH_JWT_AUDIENCE), {
      message: 'AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE are required when auth is on (AUTH_JWT_SECRET or AUTH_JWKS_URL)',
      path: ['AUTH_JWT_ISSUER'],
    })
    .safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Embedded (PGlite, in-process queue) unless both queue-mode services are configured. */
export function runMode(config: Config): 'embedded' | 'queue' {
  return config.DATABASE_URL && config.REDIS_URL ? 'queue' : 'embedded';
}
