/** Bytes with a file name (the server sniffs the format from the bytes; the name shows in its logs). */
export interface NamedBytes {
  bytes: Uint8Array | ArrayBuffer;
  name: string;
  /** MIME type; guessed from the name's extension when omitted. */
  type?: string;
}

/** What the SDK uploads: a `Blob` or `File` (browsers, `fileFromPath` on Node), or bytes with a name (a Node `Buffer` is a `Uint8Array`). */
export type Upload = Blob | NamedBytes;

const mimeTypes: Readonly<Record<string, string>> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** The MIME type for a file name's extension (`application/octet-stream` when unknown). */
function mimeTypeOf(name: string): string {
  const extension = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return mimeTypes[extension] ?? 'application/octet-stream';
}

/** A `File` from bytes and a name. */
export function fileFromBytes(bytes: Uint8Array | ArrayBuffer, name: string, type: string = mimeTypeOf(name)): File {
  // Copied into a fresh ArrayBuffer: a Buffer may be a view into Node's shared pool.
  const copy = bytes instanceof ArrayBuffer ? new Uint8Array(bytes.slice(0)) : new Uint8Array(bytes);
  return new File([copy], name, { type });
}

/** The Blob an upload sends (urql's fetch exchange turns Blob and File variables into a GraphQL multipart request). */
export function toBlob(upload: Upload): Blob {
  return upload instanceof Blob ? upload : fileFromBytes(upload.bytes, upload.name, upload.type);
}
