/**
 * Recall of the detectors on /work/shared/datasets/face-detection-multi (or DATASET_DIR).
 * Boxed images: a ground-truth box counts as found when a detection overlaps it with
 * IoU >= 0.4 (one-to-one, greedy by IoU). Nose-point images: found when the point lies
 * inside a detection (one-to-one). Run: node_modules/.bin/tsx inference-workers/detection/eval-recall.ts
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Box, DetectedFace } from '../../src/pipeline/geometry.ts';
import { decodeRgb } from '../image/decode.ts';
import { createDetector, type DetectorKind, type FaceDetector } from './detector.ts';
import { iou } from './nms.ts';
import type { TileOptions } from './tiling.ts';

interface LabelledImage {
  path: string;
  face_count: number;
  boxes_xywh?: [number, number, number, number][];
  invalid?: number[];
  nose_points_xy?: [number, number][];
}

const DATASET = process.env.DATASET_DIR ?? '/work/shared/datasets/face-detection-multi';
const MODELS = process.env.MODELS_DIR ?? '/work/shared/models';
const MATCH_IOU = 0.4;

/** Greedy one-to-one matching; returns how many ground-truth items found a detection. */
function countMatches(gtCount: number, dets: readonly DetectedFace[], quality: (gt: number, det: DetectedFace) => number): number {
  const pairs: { g: number; d: number; q: number }[] = [];
  for (let g = 0; g < gtCount; g++) dets.forEach((det, d) => pairs.push({ g, d, q: quality(g, det) }));
  pairs.sort((a, b) => b.q - a.q);
  const usedG = new Set<number>();
  const usedD = new Set<number>();
  for (const p of pairs) {
    if (p.q <= 0 || usedG.has(p.g) || usedD.has(p.d)) continue;
    usedG.add(p.g);
    usedD.add(p.d);
  }
  return usedG.size;
}

function evaluate(label: LabelledImage, dets: readonly DetectedFace[]): { found: number; total: number; kind: 'box' | 'nose' } {
  // WIDER "invalid" boxes are excluded, as in the official evaluation.
  if (label.boxes_xywh) {
    const gts: Box[] = label.boxes_xywh
      .filter((_, i) => !label.invalid?.[i])
      .map(([x, y, width, height]) => ({ x, y, width, height }));
    const found = countMatches(gts.length, dets, (g, det) => {
      const v = iou(gts[g]!, det.box);
      return v >= MATCH_IOU ? v : 0;
    });
    return { found, total: gts.length, kind: 'box' };
  }
  const noses = label.nose_points_xy ?? [];
  const found = countMatches(noses.length, dets, (g, det) => {
    const [x, y] = noses[g]!;
    const b = det.box;
    return x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height ? det.score : 0;
  });
  return { found, total: noses.length, kind: 'nose' };
}

const labels = JSON.parse(await readFile(join(DATASET, 'labels.json'), 'utf8')) as { images: LabelledImage[] };
const images = await Promise.all(labels.images.map(async (l) => ({ label: l, image: await decodeRgb(await readFile(join(DATASET, l.path))) })));

const configs: { name: string; kind: DetectorKind; tiles: boolean | TileOptions }[] = [
  { name: 'SCRFD-500M plain', kind: 'scrfd_500m', tiles: false },
  { name: 'SCRFD-500M tiled 640', kind: 'scrfd_500m', tiles: true },
  { name: 'SCRFD-2.5G plain', kind: 'scrfd_2.5g', tiles: false },
  { name: 'SCRFD-2.5G tiled 640', kind: 'scrfd_2.5g', tiles: true },
  { name: 'SCRFD-2.5G tiled 320 (2x upscale)', kind: 'scrfd_2.5g', tiles: { tileSize: 320 } },
  { name: 'YuNet plain', kind: 'yunet', tiles: false },
];

for (const c of configs) {
  const detector: FaceDetector = await createDetector(c.kind, MODELS, { intraOpThreads: 2, executionProvider: 'cpu', tiles: c.tiles });
  await detector.detect(images[0]!.image); // warm-up, so the first image's time is not session start-up
  const sums = { box: { found: 0, total: 0 }, nose: { found: 0, total: 0 } };
  let extraOnBoxed = 0;
  const ms: number[] = [];
  const perImage: string[] = [];
  for (const { label, image } of images) {
    const t = performance.now();
    const dets = await detector.detect(image);
    ms.push(performance.now() - t);
    const r = evaluate(label, dets);
    if (r.kind === 'box') extraOnBoxed += dets.length - r.found;
    sums[r.kind].found += r.found;
    sums[r.kind].total += r.total;
    perImage.push(`${label.path.replace('images/', '')}: ${r.found}/${r.total} (${dets.length} detections)`);
  }
  console.log(
    `${c.name}: boxes ${sums.box.found}/${sums.box.total} (${((100 * sums.box.found) / sums.box.total).toFixed(1)}%), ` +
      `nose points ${sums.nose.found}/${sums.nose.total}, unmatched detections on boxed images ${extraOnBoxed}, ` +
      `median ${[...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!.toFixed(0)} ms/image`,
  );
  if (process.env.VERBOSE) console.log(`  ${perImage.join('\n  ')}`);
}
