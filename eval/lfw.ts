/** LFW View 2 verification (folds 1-2): cross-fold accuracy, TAR@FAR, best threshold; plain vs flip test-time augmentation. */
import { join } from 'node:path';
import { column, datasetDir, readCsv } from './dataset-files.ts';
import { accuracyAt, bestThreshold, cosineSimilarity, mean, rocAuc, tarAtFar, type Scored } from './metrics.ts';
import { mostCentralFace, withPipeline, type ConfigOverrides, type SectionContext } from './pipeline.ts';
import { writeCalibration } from './calibration.ts';
import { evaluateOpenSet, printOpenSet, type OpenSetResult, type Probe } from './open-set.ts';
import { fixed, percent, printTable } from './table.ts';

interface Pair {
  img1: string;
  img2: string;
  same: boolean;
  fold: number;
}

type ImageStatus = 'ok' | 'noFace' | 'gated' | 'error';

export interface LfwRun {
  label: string;
  recognitionModel: string;
  detectorModel: string;
  qualityGate: number;
  folds: { fold: number; thresholdFromOtherFolds: number; accuracy: number }[];
  meanFoldAccuracy: number;
  tarAtFar1e2: { tar: number; threshold: number; falseAccepts: number };
  tarAtFar1e3: { tar: number; threshold: number; falseAccepts: number };
  bestThresholdAllPairs: { threshold: number; accuracy: number };
  rocAuc: number;
  images: number;
  imagesNoFace: number;
  imagesGated: number;
  gatedIssues: Record<string, number>;
  imagesFailed: number;
  pairsMissingEmbedding: number;
  pairScores: (Pair & { score: number })[];
}

export interface LfwReport {
  pairs: number;
  images: number;
  runs: LfwRun[];
  openSet: Omit<OpenSetResult, 'scores'>;
}

/**
 * With --limit, pairs are taken round-robin over (fold, same) so both folds and both classes stay
 * represented, as long as their images keep the unique-image count within the limit.
 */
function selectPairs(pairs: readonly Pair[], limit: number | undefined): Pair[] {
  if (limit === undefined) return [...pairs];
  const groups = new Map<string, Pair[]>();
  for (const p of pairs) groups.set(`${p.fold}/${p.same}`, [...(groups.get(`${p.fold}/${p.same}`) ?? []), p]);
  const queues = [...groups.values()];
  const images = new Set<string>();
  const chosen: Pair[] = [];
  for (let i = 0; queues.some((q) => i < q.length); i++) {
    for (const q of queues) {
      const p = q[i];
      if (!p) continue;
      const added = [p.img1, p.img2].filter((img) => !images.has(img)).length;
      if (images.size + added > limit) continue;
      images.add(p.img1).add(p.img2);
      chosen.push(p);
    }
  }
  return chosen;
}

type Embeddings = Map<string, { status: ImageStatus; embedding: number[] | null }>;

/** One image's outcome with no gate: its embedding and the QUALITY score and issues a gate would judge. */
interface EmbeddedImage {
  status: Exclude<ImageStatus, 'gated'>;
  embedding: number[] | null;
  quality: number | null;
  issues: string[];
}

/** Embeds every image once, ungated (QUALITY_GATE 0), so that any gate can be scored afterwards from the same run. */
async function embedAll(
  ctx: SectionContext,
  dir: string,
  pairs: readonly Pair[],
  label: string,
  overrides: ConfigOverrides,
): Promise<{ images: Map<string, EmbeddedImage>; recognitionModel: string; detectorModel: string; identifyThreshold: number }> {
  return withPipeline(ctx, `lfw ${label}`, { ...overrides, QUALITY_GATE: '0' }, async (pipeline) => {
    const images = new Map<string, EmbeddedImage>();
    let recognitionModel = '?';
    let detectorModel = '?';
    for (const path of new Set(pairs.flatMap((p) => [p.img1, p.img2]))) {
      try {
        const run = await pipeline.analyze(join(dir, path), ['RECOGNITION']);
        recognitionModel = run.results.RECOGNITION?.model ?? recognitionModel;
        detectorModel = run.models.DETECTION ?? detectorModel;
        const i = mostCentralFace(run.results.DETECTION?.faces ?? [], run.width, run.height);
        const face = run.results.RECOGNITION?.faces[i];
        const quality = run.results.QUALITY?.faces[i];
        if (i < 0 || !face) images.set(path, { status: 'noFace', embedding: null, quality: null, issues: [] });
        else images.set(path, { status: 'ok', embedding: face.embedding, quality: quality?.score ?? null, issues: quality?.issues ?? [] });
      } catch (error) {
        console.warn(`  ${path}: ${error instanceof Error ? error.message : String(error)}`);
        images.set(path, { status: 'error', embedding: null, quality: null, issues: [] });
      }
    }
    return { images, recognitionModel, detectorModel, identifyThreshold: pipeline.config.IDENTIFY_THRESHOLD };
  });
}

/** Scores the pairs as a pipeline with this QUALITY gate would have: faces below it have no embedding. */
function scoreRun(
  pairs: readonly Pair[],
  label: string,
  qualityGate: number,
  embedded: Awaited<ReturnType<typeof embedAll>>,
): LfwRun & { embeddings: Embeddings; identifyThreshold: number } {
  const embeddings: Embeddings = new Map();
  // Why the gate stopped faces: the issues QUALITY reported for each gated face (a face may have several).
  const gatedIssues: Record<string, number> = {};
  for (const [path, image] of embedded.images) {
    if (image.status === 'ok' && (image.embedding === null || (image.quality ?? 0) < qualityGate)) {
      embeddings.set(path, { status: 'gated', embedding: null });
      for (const issue of image.issues) gatedIssues[issue] = (gatedIssues[issue] ?? 0) + 1;
    } else embeddings.set(path, { status: image.status, embedding: image.embedding });
  }
  // A pair with a missing embedding scores -1 (the lowest cosine): it is a non-match at any threshold.
  let pairsMissingEmbedding = 0;
  const pairScores = pairs.map((p) => {
    const a = embeddings.get(p.img1)?.embedding;
    const b = embeddings.get(p.img2)?.embedding;
    if (!a || !b) pairsMissingEmbedding++;
    return { ...p, score: a && b ? cosineSimilarity(a, b) : -1 };
  });
  const scored = (ps: readonly (Pair & { score: number })[]): Scored[] => ps.map((p) => ({ score: p.score, positive: p.same }));
  // Each fold is scored with the threshold that was best on the other fold(s): an honest held-out figure.
  const folds = [...new Set(pairs.map((p) => p.fold))]
    .sort((a, b) => a - b)
    .map((fold) => {
      const threshold = bestThreshold(scored(pairScores.filter((p) => p.fold !== fold))).threshold;
      return { fold, thresholdFromOtherFolds: threshold, accuracy: accuracyAt(scored(pairScores.filter((p) => p.fold === fold)), threshold) };
    });
  const statuses = [...embeddings.values()].map((e) => e.status);
  const all = scored(pairScores);
  return {
    label,
    recognitionModel: embedded.recognitionModel,
    detectorModel: embedded.detectorModel,
    qualityGate,
    folds,
    meanFoldAccuracy: mean(folds.map((f) => f.accuracy)),
    tarAtFar1e2: tarAtFar(all, 1e-2),
    tarAtFar1e3: tarAtFar(all, 1e-3),
    bestThresholdAllPairs: bestThreshold(all),
    rocAuc: rocAuc(all),
    images: embeddings.size,
    imagesNoFace: statuses.filter((s) => s === 'noFace').length,
    imagesGated: statuses.filter((s) => s === 'gated').length,
    gatedIssues,
    imagesFailed: statuses.filter((s) => s === 'error').length,
    pairsMissingEmbedding,
    pairScores,
    embeddings,
    identifyThreshold: embedded.identifyThreshold,
  };
}

/** The gate this section compares with the default (ungated): the value QUALITY_GATE had before it went to 0. */
const COMPARED_GATE = 0.2;

/** Gallery: the first image (by path) of each identity with two or more embedded images; probes: the rest. */
function openSetOf(embeddings: Embeddings, identifyThreshold: number): OpenSetResult {
  const byIdentity = new Map<string, { path: string; embedding: number[] }[]>();
  for (const [path, e] of [...embeddings].sort(([a], [b]) => a.localeCompare(b))) {
    if (!e.embedding) continue;
    const identity = path.split('/')[1] ?? path;
    byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), { path, embedding: e.embedding }]);
  }
  const gallery: Probe[] = [];
  const probes: Probe[] = [];
  for (const [identity, images] of byIdentity) {
    const [first, ...rest] = images;
    if (first && rest.length > 0) gallery.push({ identity, embedding: first.embedding });
    for (const image of rest.length > 0 ? rest : images) probes.push({ identity, embedding: image.embedding });
  }
  return evaluateOpenSet(gallery, probes, identifyThreshold);
}

export async function evaluateLfw(ctx: SectionContext): Promise<LfwReport> {
  const dir = datasetDir(ctx.datasetsDir, 'lfw');
  const allPairs = (await readCsv(join(dir, 'pairs.csv'))).map((r) => ({
    img1: column(r, 'img1'),
    img2: column(r, 'img2'),
    same: column(r, 'same') === '1',
    fold: Number(column(r, 'fold')),
  }));
  const pairs = selectPairs(allPairs, ctx.limit);
  const images = new Set(pairs.flatMap((p) => [p.img1, p.img2])).size;
  console.log(`LFW: ${pairs.length} pairs, ${images} images, plain then flip; each ungated and gated at ${COMPARED_GATE}...`);
  const plainEmbedded = await embedAll(ctx, dir, pairs, 'plain', { RECOGNITION_FLIP: false });
  const flipEmbedded = await embedAll(ctx, dir, pairs, 'flip', { RECOGNITION_FLIP: true });
  // The default configuration first: no gate on probes (QUALITY_GATE 0).
  const withEmbeddings = [
    scoreRun(pairs, 'plain (default: ungated)', 0, plainEmbedded),
    scoreRun(pairs, `plain, gated ${COMPARED_GATE}`, COMPARED_GATE, plainEmbedded),
    scoreRun(pairs, 'flip, ungated', 0, flipEmbedded),
    scoreRun(pairs, `flip, gated ${COMPARED_GATE}`, COMPARED_GATE, flipEmbedded),
  ];
  const runs: LfwRun[] = withEmbeddings.map(({ embeddings: _, identifyThreshold: __, ...run }) => run);
  printLfw(pairs, images, runs);
  const plain = withEmbeddings[0] as (typeof withEmbeddings)[number];
  const openSet = openSetOf(plain.embeddings, plain.identifyThreshold);
  printOpenSet(openSet, plain.recognitionModel);
  if (!ctx.limit) {
    const written = await writeCalibration({
      recognitionModel: plain.recognitionModel,
      qualityGate: plain.qualityGate,
      pairs: plain.pairScores,
      pairsDataset: `LFW View 2 folds ${[...new Set(pairs.map((p) => p.fold))].join('+')} (${plain.pairScores.filter((p) => p.same).length} genuine, ${plain.pairScores.filter((p) => !p.same).length} impostor pairs)`,
      openSet: openSet.scores,
      openSetDataset: `LFW open-set (${openSet.galleryIdentities} enrolled identities, ${openSet.matedProbes} mated and ${openSet.nonMatedProbes} non-mated probes)`,
    });
    console.log(`Wrote the API's calibration: ${written}`);
  }
  const { scores: _, ...openSetSummary } = openSet;
  return { pairs: pairs.length, images, runs, openSet: openSetSummary };
}

function printLfw(pairs: readonly Pair[], images: number, runs: readonly LfwRun[]): void {
  const folds = [...new Set(pairs.map((p) => p.fold))].sort((a, b) => a - b);
  const first = runs[0];
  if (!first) return;
  const negatives = pairs.filter((p) => !p.same).length;
  const row = (name: string, cell: (r: LfwRun) => string): string[] => [name, ...runs.map(cell)];
  const tar = (t: LfwRun['tarAtFar1e2']): string => `${percent(t.tar)} (t ${fixed(t.threshold)}, ${t.falseAccepts} FA)`;
  printTable(
    `LFW View 2 folds ${folds.join('-')} (${pairs.length} pairs, ${images} images), ${first.recognitionModel}, detector ${first.detectorModel}; gated = QUALITY_GATE ${COMPARED_GATE} applied to every probe, the default is ungated`,
    ['metric', ...runs.map((r) => r.label)],
    [
      ...folds.map((fold) =>
        row(`fold ${fold} accuracy (threshold from fold ${folds.filter((f) => f !== fold).join('+')})`, (r) => {
          const f = r.folds.find((x) => x.fold === fold);
          return f ? `${percent(f.accuracy)} (t ${fixed(f.thresholdFromOtherFolds)})` : 'n/a';
        }),
      ),
      row('mean fold accuracy', (r) => percent(r.meanFoldAccuracy)),
      // With few negatives FAR is coarse: 600 negatives allow 6 false accepts at 1e-2 and none at 1e-3.
      row(`TAR @ FAR 1e-2 (<= ${Math.floor(1e-2 * negatives)} of ${negatives} negatives accepted)`, (r) => tar(r.tarAtFar1e2)),
      row(`TAR @ FAR 1e-3 (<= ${Math.floor(1e-3 * negatives)} of ${negatives} negatives accepted)`, (r) => tar(r.tarAtFar1e3)),
      row('best threshold, all pairs (accuracy)', (r) => `${fixed(r.bestThresholdAllPairs.threshold)} (${percent(r.bestThresholdAllPairs.accuracy)})`),
      row('ROC AUC, all pairs', (r) => fixed(r.rocAuc, 4)),
      row('images without a detected face', (r) => `${r.imagesNoFace} / ${r.images}`),
      row('images whose face the quality gate stopped', (r) => `${r.imagesGated} / ${r.images}`),
      row(
        'quality issues of the gated faces',
        (r) =>
          Object.entries(r.gatedIssues)
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => `${k} ${n}`)
            .join(', ') || '-',
      ),
      row('images that failed to decode', (r) => String(r.imagesFailed)),
      row('pairs missing an embedding (scored -1 = non-match)', (r) => `${r.pairsMissingEmbedding} / ${pairs.length}`),
    ],
  );
}
