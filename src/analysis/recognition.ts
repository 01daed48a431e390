import type { FaceRecord, SessionRecord } from '../db/sessions.repository.ts';
import { severityOf, type Severity } from '../observability/metrics.ts';
import { AppError, notFound } from '../pipeline/errors.ts';
import { DEFAULT_TOP_K, identifyFace } from '../pipeline/identification.ts';
import type { IdentificationResult } from '../pipeline/results.ts';
import { cosineSimilarity } from '../pipeline/similarity.ts';
import type { AppliedThreshold } from '../pipeline/thresholds.ts';
import { analyzeAndWait } from './analyze-and-wait.ts';
import { readImageUpload, type UploadFile } from './image-upload.ts';
import { livenessReferenceFaces, type FaceSource } from './liveness-sessions.ts';
import { findPerson } from './persons.ts';
import type { Scope } from './services.ts';
import { checkThreshold, tenantThreshold } from './thresholds.ts';

interface EmbeddedFace {
  face: FaceRecord;
  embedding: number[] | null;
}

/** The faces of an image with their embeddings (faces the quality gate stopped have none). */
async function embedImage(scope: Scope, file: UploadFile): Promise<{ session: SessionRecord; faces: EmbeddedFace[] }> {
  const { services } = scope;
  const { session, faces } = await analyzeAndWait(scope, await readImageUpload(file, services.config), services.stageGraph.plan(['RECOGNITION']));
  return { session, faces: await withEmbeddings(scope, faces) };
}

async function withEmbeddings(scope: Scope, faces: FaceRecord[]): Promise<EmbeddedFace[]> {
  const embeddings = await scope.services.faceResults.embeddings(
    scope.tenantId,
    faces.map((f) => f.id),
  );
  return faces.map((face) => ({ face, embedding: embeddings.get(face.id) ?? null }));
}

/** An image's faces, or a LIVE liveness session's reference face, with their embeddings. */
async function embedSource(scope: Scope, source: FaceSource): Promise<EmbeddedFace[]> {
  if ('image' in source) return (await embedImage(scope, source.image)).faces;
  return withEmbeddings(scope, await livenessReferenceFaces(scope, source.livenessSessionId));
}

/** A client's own quality gate (verify/identify `minQuality`): checked at once, before any work. */
function checkMinQuality(minQuality: number | null | undefined): number | null {
  if (minQuality === null || minQuality === undefined) return null;
  if (!(minQuality >= 0 && minQuality <= 1)) throw new AppError('BAD_USER_INPUT', 'minQuality must be between 0 and 1.');
  return minQuality;
}

/** Below the client's minQuality: the face's score, else null (no gate asked for, or the face passes). */
function belowMinQuality(face: FaceRecord, minQuality: number | null): number | null {
  if (minQuality === null) return null;
  const score = face.quality?.score ?? 0;
  return score < minQuality ? score : null;
}

/** The one face a 1:1 request is about: the only face, or the largest. */
function mainFace(faces: readonly EmbeddedFace[], which: string, minQuality: number | null): { face: FaceRecord; embedding: number[] } {
  const area = (f: EmbeddedFace): number => f.face.box.width * f.face.box.height;
  const best = faces.reduce<EmbeddedFace | undefined>((top, f) => (!top || area(f) > area(top) ? f : top), undefined);
  if (!best) throw new AppError('NO_FACE', `No face was found in ${which}.`);
  const issues = best.face.quality?.issues.join(', ') || 'no single issue';
  if (!best.embedding) throw new AppError('LOW_QUALITY', `The face in ${which} is below the server's quality gate (${issues}).`);
  const low = belowMinQuality(best.face, minQuality);
  if (low !== null) throw new AppError('LOW_QUALITY', `The face in ${which} has quality ${low.toFixed(2)}, below minQuality ${minQuality} (${issues}).`);
  return { face: best.face, embedding: best.embedding };
}

/** Options every 1:1 and 1:N request takes. */
export interface QualityOption {
  /** Refuse (1:1: LOW_QUALITY) or leave unsearched (1:N) faces whose quality score is below this; none by default. */
  minQuality?: number | null;
}

export interface Verification {
  /** Its stored decision, for reportVerificationOutcome. */
  id: string;
  similarity: number;
  match: boolean;
  applied: AppliedThreshold;
  faceA: FaceRecord;
  faceB: FaceRecord | null;
}

type Decided = Omit<Verification, 'id'>;

/** Times a verification, stores its decision (for outcome reports) and counts it in the metrics, errors included. */
async function recorded(scope: Scope, kind: 'faces' | 'person', decide: () => Promise<Decided>): Promise<Verification> {
  const { metrics, verifications } = scope.services;
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  let decided: Decided;
  try {
    decided = await decide();
  } catch (error) {
    metrics.verification(kind, { result: 'error', seconds: seconds(), similarity: null });
    throw error;
  }
  const row = await verifications.record({
    tenantId: scope.tenantId,
    kind,
    similarity: decided.similarity,
    threshold: decided.applied.threshold,
    match: decided.match,
  });
  metrics.verification(kind, { result: decided.match ? 'match' : 'no_match', seconds: seconds(), similarity: decided.similarity });
  return { id: row.id, ...decided };
}

/** 1:1: are the main faces of two images the same person, at the tenant's verification threshold? */
export function verifyFaces(scope: Scope, sourceA: FaceSource, imageB: UploadFile, options: QualityOption = {}): Promise<Verification> {
  return recorded(scope, 'faces', async () => {
    const minQuality = checkMinQuality(options.minQuality);
    const [a, b] = await Promise.all([embedSource(scope, sourceA), embedImage(scope, imageB)]);
    const faceA = mainFace(a, 'image' in sourceA ? 'imageA' : 'the liveness session', minQuality);
    const faceB = mainFace(b.faces, 'imageB', minQuality);
    const similarity = cosineSimilarity(faceA.embedding, faceB.embedding);
    const applied = await tenantThreshold(scope, 'verification');
    return { similarity, match: similarity >= applied.threshold, applied, faceA: faceA.face, faceB: faceB.face };
  });
}

/** 1:1 against a person: the best of the person's enrolled faces counts. */
export function verifyPerson(scope: Scope, personId: string, source: FaceSource, options: QualityOption = {}): Promise<Verification> {
  return recorded(scope, 'person', async () => {
    const minQuality = checkMinQuality(options.minQuality);
    const { services, tenantId } = scope;
    const person = await findPerson(scope, personId);
    const enrolled = await services.gallery.personEmbeddings(tenantId, person.id);
    if (enrolled.length === 0) throw new AppError('BAD_USER_INPUT', 'This person has no enrolled face yet.');
    const probe = mainFace(await embedSource(scope, source), 'image' in source ? 'the image' : 'the liveness session', minQuality);
    const best = enrolled
      .map((e) => ({ ...e, similarity: cosineSimilarity(probe.embedding, e.embedding) }))
      .reduce((top, e) => (e.similarity > top.similarity ? e : top));
    const faceB = await services.sessions.findFace(tenantId, best.faceId);
    const applied = await tenantThreshold(scope, 'verification');
    return { similarity: best.similarity, match: best.similarity >= applied.threshold, applied, faceA: probe.face, faceB };
  });
}

export interface VerificationOutcome {
  verificationId: string;
  correct: boolean;
  /** A match that was wrong. */
  falseAccept: boolean;
  /** A no-match that was wrong. */
  falseReject: boolean;
  /** For a wrong decision: how far the score sat from the threshold (low < 0.05 ≤ medium < 0.1 ≤ high < 0.2 ≤ critical). */
  severity: Severity | null;
}

/**
 * A client says whether a verification's decision was right (a person checked the pair, the user
 * confirmed or disputed it). Counted once per verification: false_accept_total / false_reject_total
 * by severity, and the live FAR/FRR/EER gauges. A second report is BAD_USER_INPUT; another tenant's
 * verification NOT_FOUND.
 */
export async function reportVerificationOutcome(scope: Scope, id: string | null, correct: boolean): Promise<VerificationOutcome> {
  const { verifications, metrics } = scope.services;
  const verification = id ? await verifications.find(scope.tenantId, id) : null;
  if (!verification) throw notFound('Verification');
  if (!(await verifications.report(scope.tenantId, verification.id, correct, new Date()))) {
    throw new AppError('BAD_USER_INPUT', 'An outcome was already reported for this verification.');
  }
  const falseAccept = verification.match && !correct;
  const falseReject = !verification.match && !correct;
  const severity = falseAccept || falseReject ? severityOf(Math.abs(verification.similarity - verification.threshold)) : null;
  metrics.outcomeReported(correct, severity ? { kind: falseAccept ? 'accept' : 'reject', severity } : null);
  return { verificationId: verification.id, correct, falseAccept, falseReject, severity };
}

export interface FaceIdentification extends IdentificationResult {
  face: FaceRecord;
}

export interface Identification {
  session: SessionRecord;
  applied: AppliedThreshold;
  faces: FaceIdentification[];
}

/** 1:N: each face of the image against the tenant's gallery, through the same identifyFace() as the IDENTIFICATION stage. */
export async function identifyFaces(
  scope: Scope,
  image: UploadFile,
  options: QualityOption & { topK?: number | null; threshold?: number | null },
): Promise<Identification> {
  const minQuality = checkMinQuality(options.minQuality);
  const topK = options.topK ?? DEFAULT_TOP_K;
  if (topK < 1 || topK > 100) throw new AppError('BAD_USER_INPUT', 'topK must be between 1 and 100.');
  if (options.threshold !== null && options.threshold !== undefined) checkThreshold(options.threshold, 'threshold');
  const applied = await tenantThreshold(scope, 'identification', options.threshold);
  const { session, faces } = await embedImage(scope, image);
  const identified = await Promise.all(
    faces.map(async ({ face, embedding }) => {
      // A face below the client's minQuality is not searched, as one the server's gate stopped.
      const usable = belowMinQuality(face, minQuality) === null ? embedding : null;
      const result = await identifyFace(scope.services.gallery, scope.tenantId, usable, { threshold: applied.threshold, topK });
      scope.services.metrics.identification(result.decision);
      return { face, ...result };
    }),
  );
  return { session, applied, faces: identified };
}
