import type { Person } from '../db/gallery.repository.ts';
import type { Face } from '../db/sessions.repository.ts';
import { planStages } from '../pipeline/stages.ts';
import { analyzeAndWait } from './analysis-wait.ts';
import type { UploadFile } from './builder.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { expectedError, userError } from './errors.ts';
import { publishGallery } from './gallery-publish.ts';
import { readImageUpload } from './image-upload.ts';
import { personArg } from './persons.ts';
import { ErrorInfoRef, FaceRef } from './sessions.ts';

/** Enrolls the chosen face of one image, or throws the refusal (NO_FACE, MULTIPLE_FACES, LOW_QUALITY, LIVENESS_FAILED). */
async function enrollOne(ctx: Context, person: Person, file: UploadFile, options: { faceIndex?: number | null; checkLiveness: boolean }): Promise<Face> {
  const { faces } = await analyzeAndWait(ctx, await readImageUpload(file, ctx.services.config), planStages(options.checkLiveness ? ['RECOGNITION', 'ANTI_SPOOFING'] : ['RECOGNITION']));
  if (faces.length === 0) throw userError('NO_FACE', 'No face was found in the image.');
  if (options.faceIndex === null || options.faceIndex === undefined) {
    if (faces.length > 1) throw userError('MULTIPLE_FACES', `The image has ${faces.length} faces; pass faceIndex (0-${faces.length - 1}) to pick one.`);
  } else if (!faces[options.faceIndex]) {
    throw userError('BAD_USER_INPUT', `faceIndex ${options.faceIndex} is out of range (the image has ${faces.length} faces).`);
  }
  const face = faces[options.faceIndex ?? 0] as Face;
  const minimum = ctx.services.config.ENROLLMENT_QUALITY_MIN;
  if ((face.qualityScore ?? 0) < minimum || face.recognitionSkipped) {
    throw userError('LOW_QUALITY', `The face's quality score ${(face.qualityScore ?? 0).toFixed(2)} is below ${minimum} (${face.qualityIssues.join(', ') || 'no single issue'}).`, {
      issues: face.qualityIssues,
      score: face.qualityScore,
      reasons: face.qualityReasons,
    });
  }
  if (options.checkLiveness && face.livenessVerdict !== 'LIVE') {
    throw userError('LIVENESS_FAILED', `The face was judged ${face.livenessVerdict ?? 'UNCERTAIN'} (live score ${(face.liveScore ?? 0).toFixed(2)}).`);
  }
  await ctx.services.gallery.enroll(ctx.tenantId, face.id, person.id);
  return { ...face, personId: person.id };
}

interface EnrollmentResult {
  index: number;
  face: Face | null;
  error: { code: string; message: string } | null;
  /** The refusal as raised, with its extensions (LOW_QUALITY's issues), for enrollFace to rethrow. */
  refusal?: unknown;
}

/**
 * Enrolls one image of a request and announces the outcome on galleryEvents at once (so a screen sees
 * enrollFaces progress image by image). Refusals come back as results; anything else is thrown.
 */
async function enrollAndAnnounce(
  ctx: Context,
  person: Person,
  file: UploadFile,
  place: { requestId: string | null; index: number; total: number },
  options: { faceIndex?: number | null; checkLiveness: boolean },
): Promise<EnrollmentResult> {
  let result: EnrollmentResult;
  try {
    result = { index: place.index, face: await enrollOne(ctx, person, file, options), error: null };
  } catch (error) {
    const refused = expectedError(error);
    if (!refused) throw error;
    result = { index: place.index, face: null, error: refused, refusal: error };
  }
  await publishGallery(ctx, {
    type: result.face ? 'FACE_ENROLLED' : 'ENROLLMENT_REFUSED',
    personId: person.id,
    faceId: result.face?.id ?? null,
    enrollment: { ...place, error: result.error },
  });
  return result;
}

const EnrollmentResultRef = builder.objectRef<EnrollmentResult>('EnrollmentResult').implement({
  description: 'One image of enrollFaces: the enrolled face, or why it was refused.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the image in the request.' }),
    face: t.field({ type: FaceRef, nullable: true, resolve: (r) => r.face }),
    error: t.field({ type: ErrorInfoRef, nullable: true, resolve: (r) => r.error }),
  }),
});

builder.mutationFields((t) => ({
  enrollFace: t.field({
    type: FaceRef,
    description:
      "Adds a face to a person's gallery: detection, quality, recognition (and anti-spoofing with checkLiveness). Errors: NO_FACE; " +
      'MULTIPLE_FACES unless faceIndex picks one; LOW_QUALITY below ENROLLMENT_QUALITY_MIN (the issues are in extensions.issues); LIVENESS_FAILED. ' +
      'The outcome is also published on galleryEvents.',
    args: {
      personId: t.arg.id({ required: true }),
      image: t.arg({ type: 'File', required: true }),
      faceIndex: t.arg.int({ required: false, description: 'Which face to enroll when the image has several (0 = highest detector score).' }),
      checkLiveness: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: async (_, args, ctx) => {
      const person = await personArg(ctx, args.personId);
      const options = { faceIndex: args.faceIndex, checkLiveness: args.checkLiveness ?? false };
      const result = await enrollAndAnnounce(ctx, person, args.image, { requestId: null, index: 0, total: 1 }, options);
      if (!result.face) throw result.refusal;
      return result.face;
    },
  }),
  enrollFaces: t.field({
    type: [EnrollmentResultRef],
    description:
      'Enrolls many images of one person (at most MAX_BATCH_FILES): a result per image, in order. A refused image (NO_FACE, MULTIPLE_FACES, ...) ' +
      'does not stop the others. Each image must show exactly one face. Progress streams on galleryEvents(personId) as each image finishes.',
    args: {
      personId: t.arg.id({ required: true }),
      images: t.arg({ type: ['File'], required: true }),
      checkLiveness: t.arg.boolean({ required: false, defaultValue: false }),
      requestId: t.arg.string({ required: false, description: 'Echoed in the galleryEvents of this request (enrollment.requestId).' }),
    },
    resolve: async (_, args, ctx) => {
      if (args.images.length > ctx.services.config.MAX_BATCH_FILES) throw userError('BAD_USER_INPUT', `At most ${ctx.services.config.MAX_BATCH_FILES} images per request.`);
      const person = await personArg(ctx, args.personId);
      const results: EnrollmentResult[] = [];
      const total = args.images.length;
      // Two at a time: the pipeline overlaps one image's database writes with the next one's inference.
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let index = next++; index < total; index = next++) {
          const place = { requestId: args.requestId ?? null, index, total };
          results.push(await enrollAndAnnounce(ctx, person, args.images[index] as UploadFile, place, { checkLiveness: args.checkLiveness ?? false }));
        }
      };
      await Promise.all([worker(), worker()]);
      return results.sort((a, b) => a.index - b.index);
    },
  }),
}));
