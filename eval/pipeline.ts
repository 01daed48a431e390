/** Runs the face pipeline in-process (as the inference threads do, minus HTTP and threads) and times every stage. */
import { readFile } from 'node:fs/promises';
import { engineOptionsOf, type EngineOptions } from '../inference-workers/engine/engine-options.ts';
import { disposeModels, loadModels, runFacePipeline, type LoadedModels } from '../inference-workers/engine/face-pipeline.ts';
import { loadConfig, type Config } from '../src/config/config.ts';
import type { DetectedFace } from '../src/pipeline/geometry.ts';
import type { EngineEvent, StageResults } from '../src/pipeline/results.ts';
import type { Stage } from '../src/pipeline/stages.ts';
import { planStages } from '../inference-workers/stages/index.ts';
import { median } from './metrics.ts';

export type ConfigOverrides = NonNullable<Parameters<typeof loadConfig>[0]>;

export interface ImageRun {
  width: number;
  height: number;
  results: Partial<StageResults>;
  /** The model name each stage reported (detection carries "+tiles", recognition "+flip"). */
  models: Partial<Record<Stage, string | null>>;
  durationsMs: Partial<Record<Stage, number>>;
}

/** The settings that shape results; the rest of Config (URLs, ports) is irrelevant here and may hold secrets. */
const reportedKeys = [
  'MODEL_PROFILE',
  'DETECTOR',
  'DETECTION_SCORE_THRESHOLD',
  'DETECTION_TILES',
  'DETECTION_TILE_SIZE',
  'QUALITY_GATE',
  'RECOGNITION_FLIP',
  'RECOGNITION_THRESHOLD',
  'LIVENESS_LIVE_AT',
  'LIVENESS_SPOOF_BELOW',
  'DEEPFAKE_FAKE_AT',
  'DEEPFAKE_REAL_BELOW',
  'ORT_INTRA_OP_THREADS',
  'ORT_EXECUTION_PROVIDER',
  'MODELS_DIR',
  'DATASETS_DIR',
] as const satisfies readonly (keyof Config)[];

/** Unset settings become null, so results.json shows them rather than dropping the key. */
export type ReportedConfig = { [K in (typeof reportedKeys)[number]]: Exclude<Config[K], undefined> | null };

export function reportedConfig(config: Config): ReportedConfig {
  return Object.fromEntries(reportedKeys.map((k) => [k, config[k] ?? null])) as ReportedConfig;
}

export interface PipelineSetup {
  label: string;
  config: ReportedConfig;
  engine: Pick<EngineOptions, 'detector' | 'detectionTiles' | 'recognitionFlip' | 'files'>;
}

function faceCount(event: EngineEvent & { type: 'stageFinished' }): number {
  return event.stage === 'ALIGNMENT' ? event.result.faces : event.result.faces.length;
}

/** Stage durations, keyed by stage and model so that e.g. SCRFD-500M and SCRFD-2.5G+tiles stay apart. */
export class StageTimer {
  private readonly samples = new Map<string, { stage: Stage; model: string; runMs: number[]; perFaceMs: number[] }>();

  record(event: EngineEvent & { type: 'stageFinished' }): void {
    const model = event.model ?? '-';
    const key = `${event.stage} ${model}`;
    const entry = this.samples.get(key) ?? { stage: event.stage, model, runMs: [], perFaceMs: [] };
    this.samples.set(key, entry);
    entry.runMs.push(event.durationMs);
    // A stage's time covers all faces of the image; per face is only meaningful when there was one.
    const faces = faceCount(event);
    if (faces > 0) entry.perFaceMs.push(event.durationMs / faces);
  }

  summary(): { stage: Stage; model: string; runs: number; medianMsPerImage: number; facesTimed: number; medianMsPerFace: number }[] {
    return [...this.samples.values()].map((e) => ({
      stage: e.stage,
      model: e.model,
      runs: e.runMs.length,
      medianMsPerImage: median(e.runMs),
      facesTimed: e.perFaceMs.length,
      medianMsPerFace: median(e.perFaceMs),
    }));
  }
}

/** One loaded configuration of the pipeline. */
export class EvalPipeline {
  private constructor(
    readonly label: string,
    readonly config: Config,
    readonly options: EngineOptions,
    private readonly models: LoadedModels,
    private readonly timer: StageTimer,
  ) {}

  static async open(label: string, overrides: ConfigOverrides, timer: StageTimer): Promise<EvalPipeline> {
    const config = loadConfig(overrides);
    const options = engineOptionsOf(config);
    return new EvalPipeline(label, config, options, await loadModels(options), timer);
  }

  /** Runs `stages` (plus what they need) on one image file. */
  async analyze(path: string, stages: readonly Stage[]): Promise<ImageRun> {
    const bytes = new Uint8Array(await readFile(path));
    const run: ImageRun = { width: 0, height: 0, results: {}, models: {}, durationsMs: {} };
    await runFacePipeline(this.models, { image: bytes, stages: planStages(stages) }, (event) => {
      if (event.type === 'decoded') {
        run.width = event.width;
        run.height = event.height;
      } else if (event.type === 'stageFinished') {
        this.timer.record(event);
        // The event is a union over stages; writing it back under its own stage keeps the pairing.
        (run.results as Record<Stage, unknown>)[event.stage] = event.result;
        run.models[event.stage] = event.model;
        run.durationsMs[event.stage] = event.durationMs;
      }
    });
    return run;
  }

  /** What results.json records about this configuration. */
  setup(): PipelineSetup {
    const { detector, detectionTiles, recognitionFlip, files } = this.options;
    return { label: this.label, config: reportedConfig(this.config), engine: { detector, detectionTiles, recognitionFlip, files } };
  }

  close(): Promise<void> {
    return disposeModels(this.models);
  }
}

/** What every section gets from run.ts. */
export interface SectionContext {
  datasetsDir: string;
  /** --limit: at most this many images per set. */
  limit: number | undefined;
  timer: StageTimer;
  /** Every configuration opened, for results.json. */
  setups: PipelineSetup[];
}

/** Opens a pipeline, hands it to `body`, and always releases its ONNX sessions. */
export async function withPipeline<T>(ctx: SectionContext, label: string, overrides: ConfigOverrides, body: (p: EvalPipeline) => Promise<T>): Promise<T> {
  const pipeline = await EvalPipeline.open(label, overrides, ctx.timer);
  ctx.setups.push(pipeline.setup());
  try {
    return await body(pipeline);
  } finally {
    await pipeline.close();
  }
}

const area = (f: DetectedFace): number => f.box.width * f.box.height;

/** Index of the largest face, or -1. Used for face-filling crops and single-subject photos. */
export function largestFace(faces: readonly DetectedFace[]): number {
  let best = -1;
  faces.forEach((f, i) => {
    if (best < 0 || area(f) > area(faces[best]!)) best = i;
  });
  return best;
}

/**
 * Index of the face whose box centre is nearest the image centre, or -1. LFW photos are centred
 * on the named person; other people in the frame sit off-centre and may be larger.
 */
export function mostCentralFace(faces: readonly DetectedFace[], width: number, height: number): number {
  const distance = (f: DetectedFace): number => Math.hypot(f.box.x + f.box.width / 2 - width / 2, f.box.y + f.box.height / 2 - height / 2);
  let best = -1;
  faces.forEach((f, i) => {
    if (best < 0 || distance(f) < distance(faces[best]!)) best = i;
  });
  return best;
}
