import type { TenantSettings } from '../db/gallery.repository.ts';
import type { AppliedThreshold, ThresholdKind } from '../pipeline/thresholds.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { userError } from './errors.ts';
import { checkThreshold, ThresholdDecisionRef } from './thresholds.ts';

interface Setting {
  applied: AppliedThreshold;
  serverDefault: number;
}
interface Settings {
  verification: Setting;
  identification: Setting;
  row: TenantSettings | null;
}

const ThresholdSettingRef = builder.objectRef<Setting>('ThresholdSetting').implement({
  interfaces: [ThresholdDecisionRef],
  fields: (t) => ({ serverDefault: t.exposeFloat('serverDefault', { description: 'What applies when the tenant sets none.' }) }),
});

const RecognitionSettingsRef = builder.objectRef<Settings>('RecognitionSettings').implement({
  description: "The caller's tenant's recognition thresholds, as verifyFaces/verifyPerson and identifyFaces/IDENTIFICATION apply them, with the error rates measured at each.",
  fields: (t) => ({
    verification: t.field({ type: ThresholdSettingRef, description: 'verifyFaces and verifyPerson.', resolve: (s) => s.verification }),
    identification: t.field({ type: ThresholdSettingRef, description: 'identifyFaces (without its own threshold) and the IDENTIFICATION stage.', resolve: (s) => s.identification }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.row?.updatedAt ?? null }),
    updatedBy: t.string({ nullable: true, description: "The token subject of the last change (null without auth).", resolve: (s) => s.row?.updatedBy ?? null }),
  }),
});

function settingsOf(ctx: Context, row: TenantSettings | null): Settings {
  const setting = (kind: ThresholdKind): Setting => ({ applied: ctx.services.thresholds.apply(kind, row), serverDefault: ctx.services.thresholds.serverDefault(kind) });
  return { verification: setting('verification'), identification: setting('identification'), row };
}

builder.queryField('recognitionSettings', (t) =>
  t.field({
    type: RecognitionSettingsRef,
    resolve: async (_, __, ctx) => settingsOf(ctx, await ctx.services.gallery.tenantSettings(ctx.tenantId)),
  }),
);

builder.mutationField('updateRecognitionSettings', (t) =>
  t.field({
    type: RecognitionSettingsRef,
    description:
      "Sets the tenant's own thresholds (0 < threshold < 1); null goes back to the server default and an omitted argument is left as it is. " +
      'Needs an admin token (role "admin") when auth is on, else FORBIDDEN. The response gives the error rates measured at the new thresholds.',
    args: { verifyThreshold: t.arg.float({ required: false }), identifyThreshold: t.arg.float({ required: false }) },
    resolve: async (_, { verifyThreshold, identifyThreshold }, ctx) => {
      if (!ctx.caller.admin) throw userError('FORBIDDEN', "Changing the tenant's thresholds needs a token with role \"admin\".");
      if (typeof verifyThreshold === 'number') checkThreshold(verifyThreshold, 'verifyThreshold');
      if (typeof identifyThreshold === 'number') checkThreshold(identifyThreshold, 'identifyThreshold');
      const row = await ctx.services.gallery.updateTenantSettings(ctx.tenantId, { verifyThreshold, identifyThreshold, updatedBy: ctx.caller.subject });
      ctx.services.logger.info({ tenantId: ctx.tenantId, by: ctx.caller.subject, verifyThreshold: row.verifyThreshold, identifyThreshold: row.identifyThreshold }, 'recognition thresholds changed');
      return settingsOf(ctx, row);
    },
  }),
);
