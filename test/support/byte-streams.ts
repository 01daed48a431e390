/** Bodies for the blob stores' tests: `count` chunks of `size` bytes (chunk i filled with i % 256). */
export async function* chunks(count: number, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < count; i++) yield new Uint8Array(size).fill(i % 256);
}

/** An endless body of 64 KiB chunks; `read()` says how many the store pulled (it must stop soon after its limit). */
export function endlessBody(): { body: () => AsyncIterable<Uint8Array>; read: () => number } {
  let read = 0;
  return {
    async *body() {
      for (;;) {
        read++;
        yield new Uint8Array(64 * 1024);
      }
    },
    read: () => read,
  };
}
