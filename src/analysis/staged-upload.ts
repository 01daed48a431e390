import { arrayBuffer } from 'node:stream/consumers';
import { AppError } from '../pipeline/errors.ts';
import type { BlobStore } from '../transport/blob-store.ts';
import type { UploadFile } from './image-upload.ts';

/** An upload over MAX_VIDEO_BYTES: the one wording, whether it was cut off while streaming or staged later. */
export const videoTooLarge = (maxBytes: number): AppError =>
  new AppError('VIDEO_TOO_LARGE', `The video is larger than the limit of ${maxBytes} bytes (MAX_VIDEO_BYTES).`);

/**
 * A file of a multipart request that was streamed into a blob store while the request arrived (a
 * video), handed to the resolver in place of an in-memory File. The resolver that keeps it claims it;
 * one nobody claimed is deleted when the response is sent (nothing half-used stays behind).
 */
export class StagedUpload implements UploadFile {
  readonly store: BlobStore;
  readonly key: string;
  readonly size: number;
  readonly name: string;
  readonly type: string;
  /** The multipart field it came in. */
  readonly field: string;
  claimed = false;

  constructor(init: { store: BlobStore; key: string; size: number; name: string; type: string; field: string }) {
    ({ store: this.store, key: this.key, size: this.size, name: this.name, type: this.type, field: this.field } = init);
  }

  /** The resolver keeps the blob from here on: it is no longer deleted with the response. */
  claim(): string {
    this.claimed = true;
    return this.key;
  }

  discard(): Promise<void> {
    return this.store.delete(this.key);
  }

  /** For a field that reads files whole (an image in the same operation); its size limit is checked before this. */
  async arrayBuffer(): Promise<ArrayBuffer> {
    const stream = await this.store.get(this.key);
    return stream ? arrayBuffer(stream) : new ArrayBuffer(0);
  }
}
