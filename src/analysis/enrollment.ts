import type { Person } from '../db/gallery.repository.ts';
import type { FaceRecord } from '../db/sessions.repository.ts';
import { AppError } from '../pipeline/errors.ts';
import { analyzeAndWait } from './analyze-and-wait.ts';
import { publishGallery } from './gallery-events.ts';
import { readImageUpload, type UploadFile } from './image-upload.ts';
import { livenessReferenceFaces, type FaceSource } from './liveness-sessions.ts';
import { findPerson } from './persons.ts';
import type { Scope } from './services.ts';
import { checkOptionalText } from './text-input.ts';

export type { FaceSource };

export interface EnrollOptions {
  faceIndex?: number | null;
  checkLiveness: boolean;
}

/** The faces of the source: an image's (analysed now), or the liveness session's reference face (already judged live). */
async function sourceFaces(scope: Scope, source: FaceSource, options: EnrollOptions): Promise<{ faces: FaceRecord[]; live: boolean }> {
  const { services } = scope;
  if ('livenessSessionId' in source) {
    return { faces: await livenessReferenceFaces(scope, source.livenessSessionId), live: true };
  }
  const stages = services.stageGraph.plan(options.checkLiveness ? ['RECOGNITION', 'ANTI_SPOOFING'] : ['RECOGNITION']);
  const { faces } = await analyzeAndWait(scope, await readImageUpload(source.image, services.config), stages);
  return { faces, live: false };
}

/** Enrolls the chosen face of one image (or a liveness session), or throws the refusal (NO_FACE, MULTIPLE_FACES, LOW_QUALITY, LIVENESS_FAILED). */
async function enrollOne(scope: Scope, person: Person, source: FaceSource, options: EnrollOptions): Promise<FaceRecord> {
  const { services } = scope;
  const { faces, live } = await sourceFaces(scope, source, options);
  if (faces.length === 0) throw new AppError('NO_FACE', 'No face was found in the image.');
  const index = options.faceIndex ?? 0;
  if (options.faceIndex === null || options.faceIndex === undefined) {
    if (faces.length > 1) throw new AppError('MULTIPLE_FACES', `The image has ${faces.length} faces; pass faceIndex (0-${faces.length - 1}) to pick one.`);
  }
  const face = faces[index];
  if (!face) throw new AppError('BAD_USER_INPUT', `faceIndex ${index} is out of range (the image has ${faces.length} faces).`);
  const minimum = services.config.ENROLLMENT_QUALITY_MIN;
  const quality = face.quality;
  const score = quality?.score ?? 0;
  if (score < minimum || face.recognition?.skipped) {
    const issues = quality?.issues ?? [];
    const reasons = quality
      ? {
          detectorScore: quality.detectorScore,
          faceSizePx: quality.faceSizePx,
          blur: quality.blur,
          brightness: quality.brightness,
          poseYaw: quality.poseYaw,
          posePitch: quality.posePitch,
        }
      : null;
    throw new AppError('LOW_QUALITY', `The face's quality score ${score.toFixed(2)} is below ${minimum} (${issues.join(', ') || 'no single issue'}).`, {
      issues,
      score: quality?.score ?? null,
      reasons,
    });
  }
  if (options.checkLiveness && !live && face.liveness?.verdict !== 'LIVE') {
    throw new AppError(
      'LIVENESS_FAILED',
      `The face was judged ${face.liveness?.verdict ?? 'UNCERTAIN'} (live score ${(face.liveness?.liveScore ?? 0).toFixed(2)}).`,
    );
  }
  await services.gallery.enroll(scope.tenantId, face.id, person.id);
  return { ...face, personId: person.id };
}

export interface EnrollmentResult {
  index: number;
  face: FaceRecord | null;
  error: { code: string; message: string } | null;
  /** The refusal as raised, with its details (LOW_QUALITY's issues), for enrollFace to rethrow. */
  refusal: AppError | null;
}

/**
 * Enrolls one image of a request and announces the outcome on galleryEvents at once (so a screen sees
 * enrollFaces progress image by image). Refusals come back as results; anything else is thrown.
 */
async function enrollAndAnnounce(
  scope: Scope,
  person: Person,
  source: FaceSource,
  place: { requestId: string | null; index: number; total: number },
  options: EnrollOptions,
): Promise<EnrollmentResult> {
  let result: EnrollmentResult;
  try {
    result = { index: place.index, face: await enrollOne(scope, person, source, options), error: null, refusal: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    result = { index: place.index, face: null, error: { code: error.code, message: error.message }, refusal: error };
  }
  await publishGallery(scope, {
    type: result.face ? 'FACE_ENROLLED' : 'ENROLLMENT_REFUSED',
    personId: person.id,
    faceId: result.face?.id ?? null,
    enrollment: { ...place, error: result.error },
  });
  return result;
}

/** enrollFace: one image (or a LIVE liveness session's reference face); a refusal is thrown as the error it is. */
export async function enrollFace(scope: Scope, personId: string, source: FaceSource, options: EnrollOptions): Promise<FaceRecord> {
  const person = await findPerson(scope, personId);
  const result = await enrollAndAnnounce(scope, person, source, { requestId: null, index: 0, total: 1 }, options);
  if (result.refusal) throw result.refusal;
  return result.face as FaceRecord;
}

/** enrollFaces: many images of one person, a result per image in order; refusals do not stop the others. */
export async function enrollFaces(
  scope: Scope,
  personId: string,
  files: readonly UploadFile[],
  options: { checkLiveness: boolean; requestId: string | null },
): Promise<EnrollmentResult[]> {
  const max = scope.services.config.MAX_BATCH_FILES;
  if (files.length > max) throw new AppError('BAD_USER_INPUT', `At most ${max} images per request.`);
  const requestId = checkOptionalText(options.requestId, 'requestId', scope.services.config.MAX_STRING_LENGTH);
  const person = await findPerson(scope, personId);
  const results: EnrollmentResult[] = [];
  const total = files.length;
  // Two at a time: the pipeline overlaps one image's database writes with the next one's inference.
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < total; index = next++) {
      const place = { requestId, index, total };
      results.push(await enrollAndAnnounce(scope, person, { image: files[index] as UploadFile }, place, { checkLiveness: options.checkLiveness }));
    }
  };
  await Promise.all([worker(), worker()]);
  return results.sort((a, b) => a.index - b.index);
}
