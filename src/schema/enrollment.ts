import { enrollFace, enrollFaces, type EnrollmentResult, type FaceSource } from '../analysis/enrollment.ts';
import type { UploadFile } from '../analysis/image-upload.ts';
import { AppError } from '../pipeline/errors.ts';
import { parseId } from './ids.ts';
import { builder } from './builder.ts';
import { ErrorInfoRef } from './common.ts';
import { personIdArg } from './persons.ts';
import { FaceRef } from './refs.ts';

const EnrollmentResultRef = builder.objectRef<EnrollmentResult>('EnrollmentResult').implement({
  description: 'One image of enrollFaces: the enrolled face, or why it was refused.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the image in the request.' }),
    face: t.field({ type: FaceRef, nullable: true, resolve: (r) => r.face }),
    error: t.field({ type: ErrorInfoRef, nullable: true, resolve: (r) => r.error }),
  }),
});

/** Exactly one of an image and a liveness session: where enrollFace (and the verify mutations) take their face from. */
export function faceSource(image: UploadFile | null | undefined, livenessSessionId: string | null | undefined, imageArg = 'image'): FaceSource {
  if (image && livenessSessionId) throw new AppError('BAD_USER_INPUT', `Pass either ${imageArg} or livenessSessionId, not both.`);
  if (livenessSessionId) return { livenessSessionId: parseId(livenessSessionId, 'LivenessSession') };
  if (!image) throw new AppError('BAD_USER_INPUT', `Pass ${imageArg} or livenessSessionId.`);
  return { image };
}

builder.mutationFields((t) => ({
  enrollFace: t.field({
    type: FaceRef,
    description:
      "Adds a face to a person's gallery: detection, quality, recognition (and anti-spoofing with checkLiveness). Errors: NO_FACE; " +
      'MULTIPLE_FACES unless faceIndex picks one; LOW_QUALITY below ENROLLMENT_QUALITY_MIN (the issues are in extensions.issues); LIVENESS_FAILED. ' +
      'The outcome is also published on galleryEvents.',
    args: {
      personId: t.arg.id({ required: true }),
      image: t.arg({ type: 'File', required: false, description: 'The photo; or pass livenessSessionId instead.' }),
      livenessSessionId: t.arg.id({
        required: false,
        description: 'Enroll the reference face of this LIVE liveness session instead of an image (LIVENESS_FAILED if it did not end LIVE).',
      }),
      faceIndex: t.arg.int({ required: false, description: 'Which face to enroll when the image has several (0 = highest detector score).' }),
      checkLiveness: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: (_, args, ctx) =>
      enrollFace(ctx, personIdArg(args.personId), faceSource(args.image, args.livenessSessionId), {
        faceIndex: args.faceIndex,
        checkLiveness: args.checkLiveness ?? false,
      }),
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
    resolve: (_, args, ctx) =>
      enrollFaces(ctx, personIdArg(args.personId), args.images, { checkLiveness: args.checkLiveness ?? false, requestId: args.requestId ?? null }),
  }),
}));
