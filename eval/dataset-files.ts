/** Reading the shared data sets: where they live, their CSV labels, and even sampling for --limit. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const datasetFolders = {
  lfw: 'lfw-verification',
  utkface: 'utkface-age-gender',
  detection: 'face-detection-multi',
  antispoofing: 'anti-spoofing-samples',
  deepfake: 'deepfake-samples',
  'liveness-videos': 'face-videos',
  'video-tracks': 'face-videos',
} as const;
export type EvalSet = keyof typeof datasetFolders;
export const evalSets = Object.keys(datasetFolders) as EvalSet[];

export function datasetDir(datasetsDir: string, set: EvalSet): string {
  return join(datasetsDir, datasetFolders[set]);
}

/** The sets whose folder (with its README.md) is missing. */
export function missingSets(datasetsDir: string, sets: readonly EvalSet[]): EvalSet[] {
  return sets.filter((set) => !existsSync(join(datasetDir(datasetsDir, set), 'README.md')));
}

export type CsvRow = Readonly<Record<string, string>>;

/** A small RFC 4180 reader (quoted fields, doubled quotes); the label files are plain, but a quote must not break them. */
function parseCsv(text: string): CsvRow[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const endField = (): void => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      records.push(record);
      record = [];
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  const [header, ...rows] = records.filter((r) => r.some((f) => f !== ''));
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((name, i) => [name, r[i] ?? ''])));
}

export async function readCsv(path: string): Promise<CsvRow[]> {
  return parseCsv(await readFile(path, 'utf8'));
}

/** A named column of a row; a missing column is a broken label file, not a value to guess. */
export function column(row: CsvRow, name: string): string {
  const value = row[name];
  if (value === undefined) throw new Error(`label file has no column "${name}"`);
  return value;
}

/**
 * At most `limit` items spread evenly over the list. The label files are sorted (UTKFace by age,
 * deepfake reals before fakes), so taking the first N would sample one class only.
 */
export function spread<T>(items: readonly T[], limit: number | undefined): T[] {
  if (limit === undefined || limit >= items.length) return [...items];
  return Array.from({ length: limit }, (_, i) => items[Math.floor((i * items.length) / limit)]!);
}
