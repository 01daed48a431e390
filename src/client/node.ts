/** Node-only helpers of the SDK (the main entry, `facesocial/client`, stays browser-safe). */
import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { fileFromBytes } from './files.ts';

/** Video containers by extension (the server reads what the file is with ffprobe; the type is for its logs). */
const videoTypes: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.avi': 'video/x-msvideo',
};

/**
 * A file on disk as a `File` to upload (an image for analyzeImage & co., a video for analyzeVideo), named
 * after the path's last segment, MIME type from its extension.
 */
export async function fileFromPath(path: string, type?: string): Promise<File> {
  const videoType = videoTypes[extname(path).toLowerCase()];
  // A video (up to 500 MB) is read from disk as it is sent, never whole into memory: a file-backed Blob.
  if (videoType) return new File([await openAsBlob(path)], basename(path), { type: type ?? videoType });
  const bytes = await readFile(path);
  return fileFromBytes(bytes, basename(path), type);
}
