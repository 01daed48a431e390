import { recognitionSettings, updateRecognitionSettings, type RecognitionSettings, type ThresholdSetting } from '../analysis/recognition-settings.ts';
import { builder } from './builder.ts';
import { ThresholdDecisionRef } from './thresholds.ts';

const ThresholdSettingRef = builder.objectRef<ThresholdSetting>('ThresholdSetting').implement({
  interfaces: [ThresholdDecisionRef],
  fields: (t) => ({ serverDefault: t.exposeFloat('serverDefault', { description: 'What applies when the tenant sets none.' }) }),
});

const RecognitionSettingsRef = builder.objectRef<RecognitionSettings>('RecognitionSettings').implement({
  description:
    "The caller's tenant's recognition thresholds, as verifyFaces/verifyPerson and identifyFaces/IDENTIFICATION apply them, with the error rates measured at each.",
  fields: (t) => ({
    verification: t.field({ type: ThresholdSettingRef, description: 'verifyFaces and verifyPerson.', resolve: (s) => s.verification }),
    identification: t.field({
      type: ThresholdSettingRef,
      description: 'identifyFaces (without its own threshold) and the IDENTIFICATION stage.',
      resolve: (s) => s.identification,
    }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.row?.updatedAt ?? null }),
    updatedBy: t.string({ nullable: true, description: 'The token subject of the last change (null without auth).', resolve: (s) => s.row?.updatedBy ?? null }),
  }),
});

builder.queryField('recognitionSettings', (t) =>
  t.field({
    type: RecognitionSettingsRef,
    resolve: (_, __, ctx) => recognitionSettings(ctx),
  }),
);

builder.mutationField('updateRecognitionSettings', (t) =>
  t.field({
    type: RecognitionSettingsRef,
    authScopes: { admin: true },
    description:
      "Sets the tenant's own thresholds (0 < threshold < 1); null goes back to the server default and an omitted argument is left as it is. " +
      'Needs an admin token (role "admin") when auth is on, else FORBIDDEN. The response gives the error rates measured at the new thresholds.',
    args: { verifyThreshold: t.arg.float({ required: false }), identifyThreshold: t.arg.float({ required: false }) },
    resolve: (_, { verifyThreshold, identifyThreshold }, ctx) => updateRecognitionSettings(ctx, { verifyThreshold, identifyThreshold }),
  }),
);
