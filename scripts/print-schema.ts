// Prints the Pothos schema to schema.graphql (committed; test/schema-drift.test.ts fails when it drifts).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type * as Graphql from 'graphql';
import { schema } from '../src/schema/index.ts';

// Load graphql the way Pothos does (Node's resolution), so a bundler-resolved ESM copy (vitest)
// never meets a schema built by the CommonJS copy.
const { lexicographicSortSchema, printSchema } = createRequire(import.meta.url)('graphql') as typeof Graphql;

export const schemaPath = fileURLToPath(new URL('../schema.graphql', import.meta.url));
export const printedSchema = (): string => `${printSchema(lexicographicSortSchema(schema))}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(schemaPath, printedSchema());
  console.log(`wrote ${schemaPath}`);
}
