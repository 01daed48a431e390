// Reading the deployment files as plain data: YAML parsed to `unknown`, narrowed by the tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` narrowed to an array of records; anything else is an empty list. */
export function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export interface K8sDocument {
  /** Path relative to the repository root. */
  file: string;
  apiVersion: string;
  kind: string;
  name: string;
  body: Json;
}

/** Every YAML document under k8s/ (a file may hold several, separated by `---`). Parse errors throw. */
export function loadK8sDocuments(): K8sDocument[] {
  const dir = join(repoRoot, 'k8s');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
  return files.sort().flatMap((f) => {
    const path = join(dir, f);
    const file = relative(repoRoot, path);
    return parseAllDocuments(readFileSync(path, 'utf8')).flatMap((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      const body: unknown = doc.toJS();
      if (body === null) return []; // an empty document (a trailing `---`)
      if (!isRecord(body)) throw new Error(`${file}: a document that is not a mapping`);
      const metadata = isRecord(body.metadata) ? body.metadata : {};
      const text = (v: unknown): string => (typeof v === 'string' ? v : '');
      return [{ file, apiVersion: text(body.apiVersion), kind: text(body.kind), name: text(metadata.name), body }];
    });
  });
}
