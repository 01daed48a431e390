import type { AppliedThreshold } from '../pipeline/thresholds.ts';
import { builder } from './builder.ts';

const ThresholdSourceEnum = builder.enumType('ThresholdSource', {
  values: {
    SERVER_DEFAULT: { description: 'RECOGNITION_THRESHOLD / IDENTIFY_THRESHOLD of the server (from npm run eval).' },
    TENANT: { description: "The tenant's own threshold (updateRecognitionSettings)." },
    REQUEST: { description: 'The threshold argument of this request.' },
  } as const,
});

/** A decision taken at a similarity threshold, and what that threshold means in measured error rates. */
export const ThresholdDecisionRef = builder.interfaceRef<{ applied: AppliedThreshold }>('ThresholdDecision').implement({
  description: 'A decision taken at a similarity threshold, with the error rates measured at that threshold.',
  fields: (t) => ({
    threshold: t.float({ description: 'Cosine similarity at or above which faces match.', resolve: (r) => r.applied.threshold }),
    thresholdSource: t.field({ type: ThresholdSourceEnum, resolve: (r) => r.applied.source }),
    falseAcceptRate: t.float({
      description:
        'Measured at this threshold: verification, the share of impostor pairs accepted; identification, the share of never-enrolled people matched to someone (FPIR).',
      resolve: (r) => r.applied.falseAcceptRate,
    }),
    falseRejectRate: t.float({
      description:
        'Measured at this threshold: verification, the share of genuine pairs rejected; identification, the share of enrolled people not matched to themselves (FNIR).',
      resolve: (r) => r.applied.falseRejectRate,
    }),
    measuredOn: t.string({ description: 'The data set and model the rates were measured on (npm run eval).', resolve: (r) => r.applied.measuredOn }),
  }),
});
