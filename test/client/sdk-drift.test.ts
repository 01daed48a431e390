import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { codegenConfig, codegenOutput } from '../../codegen.ts';

const root = join(import.meta.dirname, '../..');

describe('src/client/generated', () => {
  it('matches what `npm run codegen` generates from schema.graphql and src/client/operations (run it after changing either)', async () => {
    // codegen.ts's configuration with another output folder, not written to disk: compared in memory after
    // the Prettier pass that codegen.ts's hook runs on the committed files.
    const outputDir = 'generated-for-drift-check/';
    const files = (await generate({ ...codegenConfig(outputDir), cwd: root, silent: true }, false)) as { filename: string; content: string }[];
    const prettierConfig = await resolveConfig(join(root, codegenOutput, 'graphql.ts'));
    const generated = new Map<string, string>();
    for (const file of files) {
      const name = file.filename.slice(file.filename.lastIndexOf(outputDir) + outputDir.length);
      generated.set(name, await format(file.content, { ...prettierConfig, filepath: join(root, codegenOutput, name) }));
    }
    const committed = readdirSync(join(root, codegenOutput)).sort();
    expect([...generated.keys()].sort()).toEqual(committed);
    // File names only: gql.ts holds every operation as one string, too long to diff usefully.
    const stale = committed.filter((name) => readFileSync(join(root, codegenOutput, name), 'utf8') !== generated.get(name));
    expect(stale, `out of date in ${codegenOutput}: run \`npm run codegen\``).toEqual([]);
  });
});
