import type { Box, Point } from '../pipeline/geometry.ts';
import { stageNames, type Stage } from '../pipeline/stages.ts';
import { builder } from './builder.ts';

export const StageEnum = builder.enumType('Stage', {
  description: 'A step of the face pipeline. Stages a requested stage needs are added automatically.',
  values: Object.fromEntries(stageNames.map((s) => [s, { value: s }])) as { [K in Stage]: { value: K } },
});

export const BoxRef = builder.objectRef<Box>('Box').implement({
  description: 'A rectangle in pixels of the upright image (after EXIF orientation).',
  fields: (t) => ({
    x: t.exposeFloat('x'),
    y: t.exposeFloat('y'),
    width: t.exposeFloat('width'),
    height: t.exposeFloat('height'),
  }),
});

export const PointRef = builder.objectRef<Point>('Point').implement({
  description: 'A point in pixels of the upright image.',
  fields: (t) => ({ x: t.exposeFloat('x'), y: t.exposeFloat('y') }),
});

export const ErrorInfoRef = builder.objectRef<{ code: string; message: string }>('ErrorInfo').implement({
  description: 'Why something failed: a stable code for programs and a message for people.',
  fields: (t) => ({ code: t.exposeString('code'), message: t.exposeString('message') }),
});

/** An enum's values with a description each, from one of the pipeline's `as const` label arrays. */
export function describedValues<T extends string>(values: readonly T[], descriptions: Record<T, string>): { [K in T]: { value: K; description: string } } {
  return Object.fromEntries(values.map((v) => [v, { value: v, description: descriptions[v] }])) as { [K in T]: { value: K; description: string } };
}
