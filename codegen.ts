// GraphQL Code Generator (client preset): typed documents for the SDK (src/client/) from the committed
// schema.graphql and the operations in src/client/operations/. `npm run codegen` rewrites
// src/client/generated/ (committed); test/client/sdk-drift.test.ts fails when it is out of date.
import type { CodegenConfig } from '@graphql-codegen/cli';

export const codegenOutput = 'src/client/generated/';

/** The configuration, writing to `outputDir` (the drift test generates a copy elsewhere, in memory). */
export function codegenConfig(outputDir: string = codegenOutput): CodegenConfig {
  return {
    schema: 'schema.graphql',
    documents: ['src/client/operations/*.graphql'],
    ignoreNoDocuments: false,
    generates: {
      [outputDir]: {
        preset: 'client',
        presetConfig: {
          // The SDK returns plain data: each operation's result type holds all its fields.
          fragmentMasking: false,
          // The SDK imports graphql.ts (the typed documents) directly: no barrel file.
          skipIndexFile: true,
        },
        config: {
          useTypeImports: true,
          // ESM (NodeNext) with `.ts` import specifiers, as everywhere in this repository (rewriteRelativeImportExtensions).
          emitLegacyCommonJSImports: false,
          importExtension: '.ts',
          // Enums as unions of string literals (no runtime objects): what the server sends, nothing to import.
          enumType: 'string-literal',
          strictScalars: true,
          scalars: {
            DateTime: { input: 'string', output: 'string' },
            File: { input: 'Blob', output: 'never' },
          },
        },
      },
    },
  };
}

const config: CodegenConfig = {
  ...codegenConfig(),
  // The committed files are formatted like the rest of the repository (the drift test formats its copy the same way).
  hooks: { afterAllFileWrite: ['prettier --write'] },
};

export default config;
