import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { analyzeNow, type AnalysisResult } from '../analysis/analyze-now.ts';
import { stagesForFaceFields } from '../pipeline/face-fields.ts';
import type { Stage } from '../pipeline/stages.ts';
import { graphqlRuntime } from '../http/graphql-runtime.ts';
import { builder } from './builder.ts';
import { StageEnum } from './common.ts';
import { AnalysisSessionRef, FaceRef } from './refs.ts';

const { Kind } = graphqlRuntime;

/** The field names a selection set selects on its type, through inline fragments and fragment spreads. */
function selectedFields(set: SelectionSetNode | undefined, fragments: Readonly<Record<string, FragmentDefinitionNode>>, into: FieldNode[] = []): FieldNode[] {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) into.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) selectedFields(selection.selectionSet, fragments, into);
    else if (selection.kind === Kind.FRAGMENT_SPREAD) selectedFields(fragments[selection.name.value]?.selectionSet, fragments, into);
  }
  return into;
}

/** The Face fields the query selects under this field's `faces` (aliases and fragments included). */
function selectedFaceFields(info: GraphQLResolveInfo): string[] {
  const result = info.fieldNodes.flatMap((node) => selectedFields(node.selectionSet, info.fragments));
  return result.filter((f) => f.name.value === 'faces').flatMap((faces) => selectedFields(faces.selectionSet, info.fragments).map((f) => f.name.value));
}

const AnalysisResultRef = builder.objectRef<AnalysisResult>('AnalysisResult').implement({
  description: 'A finished analysis: its session, the stages that ran and the faces found.',
  fields: (t) => ({
    session: t.field({ type: AnalysisSessionRef, resolve: (r) => r.session }),
    stages: t.field({
      type: [StageEnum],
      description: 'The plan that ran: the stages the selection (or `stages`) asked for and what they need.',
      resolve: (r) => r.stages,
    }),
    faces: t.field({ type: [FaceRef], resolve: (r) => r.faces }),
  }),
});

builder.mutationField('analyze', (t) =>
  t.field({
    type: AnalysisResultRef,
    description:
      'Analyses an image and answers with the result, running only the stages the query selects: `faces { ageGender { age } }` runs DETECTION, ALIGNMENT and ' +
      'AGE_GENDER, nothing else. `stages` overrides the plan. Waits like enrollFace (ANALYSIS_WAIT_MS, then TIMEOUT); a failed analysis is its error (BAD_IMAGE, ...).',
    args: {
      image: t.arg({ type: 'File', required: true }),
      stages: t.arg({ type: [StageEnum], required: false, description: 'Run these (and what they need) whatever the selection.' }),
    },
    resolve: (_, args, ctx, info) => {
      const requested: readonly Stage[] = args.stages && args.stages.length > 0 ? args.stages : stagesForFaceFields(selectedFaceFields(info));
      return analyzeNow(ctx, args.image, requested);
    },
  }),
);
