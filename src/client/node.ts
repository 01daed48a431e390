/** Node-only helpers of the SDK (the main entry, `facesocial/client`, stays browser-safe). */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileFromBytes } from './files.ts';

/** A file on disk as a `File` to upload (named after the path's last segment, MIME type from its extension). */
export async function fileFromPath(path: string, type?: string): Promise<File> {
  const bytes = await readFile(path);
  return fileFromBytes(bytes, basename(path), type);
}
