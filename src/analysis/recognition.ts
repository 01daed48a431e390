import type { FaceRecord, SessionRecord } from '../db/sessions.repository.ts';
import { AppError } from '../pipeline/errors.ts';
import { DEFAULT_TOP_K, identifyFace } from '../pipeline/identification.ts';
import type { IdentificationResult } from '../pipeline/results.ts';
import { cosineSimilarity } from '../pipeline/similarity.ts';
import type { AppliedThreshold } from '../pipeline/thresholds.ts';
import { analyzeAndWait } from './analyze-and-wait.ts';
import { readImageUpload, type UploadFile } from './image-upload.ts';
import { findPerson } from './persons.ts';
import type { Scope } from './services.ts';
import { checkThreshold, tenantThreshold } from './thresholds.ts';

interface EmbeddedFace {
  face: FaceRecord;
  embedding: number[] | null;
}

/** The faces of an image with their embeddings (faces the quality gate stopped have none). */
async function embedImage(scope: Scope, file: UploadFile): Promise<{ session: SessionRecord; faces: EmbeddedFace[] }> {
  const { services, tenantId } = scope;
  const { session, faces } = await analyzeAndWait(scope, await readImageUpload(file, services.config), services.stageGraph.plan(['RECOGNITION']));
  const embeddings = await services.faceResults.embeddings(
    tenantId,
    faces.map((f) => f.id),
  );
  return { session, faces: faces.map((face) => ({ face, embedding: embeddings.get(face.id) ?? null })) };
}

/** The one face a 1:1 request is about: the only face, or the largest. */
function mainFace(faces: readonly EmbeddedFace[], which: string): { face: FaceRecord; embedding: number[] } {
  const area = (f: EmbeddedFace): number => f.face.box.width * f.face.box.height;
  const best = faces.reduce<EmbeddedFace | undefined>((top, f) => (!top || area(f) > area(top) ? f : top), undefined);
  if (!best) throw new AppError('NO_FACE', `No face was found in ${which}.`);
  if (!best.embedding)
    throw new AppError('LOW_QUALITY', `The face in ${which} is below the quality gate (${best.face.quality?.issues.join(', ') || 'low score'}).`);
  return { face: best.face, embedding: best.embedding };
}

export interface Verification {
  similarity: number;
  match: boolean;
  applied: AppliedThreshold;
  faceA: FaceRecord;
  faceB: FaceRecord | null;
}

/** 1:1: are the main faces of two images the same person, at the tenant's verification threshold? */
export async function verifyFaces(scope: Scope, imageA: UploadFile, imageB: UploadFile): Promise<Verification> {
  const [a, b] = await Promise.all([embedImage(scope, imageA), embedImage(scope, imageB)]);
  const faceA = mainFace(a.faces, 'imageA');
  const faceB = mainFace(b.faces, 'imageB');
  const similarity = cosineSimilarity(faceA.embedding, faceB.embedding);
  const applied = await tenantThreshold(scope, 'verification');
  return { similarity, match: similarity >= applied.threshold, applied, faceA: faceA.face, faceB: faceB.face };
}

/** 1:1 against a person: the best of the person's enrolled faces counts. */
export async function verifyPerson(scope: Scope, personId: string, image: UploadFile): Promise<Verification> {
  const { services, tenantId } = scope;
  const person = await findPerson(scope, personId);
  const enrolled = await services.gallery.personEmbeddings(tenantId, person.id);
  if (enrolled.length === 0) throw new AppError('BAD_USER_INPUT', 'This person has no enrolled face yet.');
  const probe = mainFace((await embedImage(scope, image)).faces, 'the image');
  const best = enrolled
    .map((e) => ({ ...e, similarity: cosineSimilarity(probe.embedding, e.embedding) }))
    .reduce((top, e) => (e.similarity > top.similarity ? e : top));
  const faceB = await services.sessions.findFace(tenantId, best.faceId);
  const applied = await tenantThreshold(scope, 'verification');
  return { similarity: best.similarity, match: best.similarity >= applied.threshold, applied, faceA: probe.face, faceB };
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
export async function identifyFaces(scope: Scope, image: UploadFile, options: { topK?: number | null; threshold?: number | null }): Promise<Identification> {
  const topK = options.topK ?? DEFAULT_TOP_K;
  if (topK < 1 || topK > 100) throw new AppError('BAD_USER_INPUT', 'topK must be between 1 and 100.');
  if (options.threshold !== null && options.threshold !== undefined) checkThreshold(options.threshold, 'threshold');
  const applied = await tenantThreshold(scope, 'identification', options.threshold);
  const { session, faces } = await embedImage(scope, image);
  const identified = await Promise.all(
    faces.map(async ({ face, embedding }) => ({
      face,
      ...(await identifyFace(scope.services.gallery, scope.tenantId, embedding, { threshold: applied.threshold, topK })),
    })),
  );
  return { session, applied, faces: identified };
}
