/*
 * A local S3-compatible server for the S3 blob store's tests: @20minutes/s3rver 4.x (the maintained fork of
 * s3rver; its 5.x wants Node >= 24, this project runs on 20 too), run as a child process.
 *
 * Tried with @aws-sdk/client-s3 v3 on Node 20 and 24, both s3rver 3.7.1 and @20minutes/s3rver 4.0.4 do
 * multipart upload, GetObject, HeadObject, DeleteObject and ListObjectsV2, with two faults in common and one each:
 * - both make ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only has in its legacy provider,
 *   so a truncated list answers 500 (ERR_OSSL_EVP_UNSUPPORTED). That is why the server runs as a child process
 *   under --openssl-legacy-provider: a flag that cannot be turned on inside the test process.
 * - neither has AbortMultipartUpload (405); the store has to report the body's error, not the abort's.
 * - s3rver 3.7.1 never checks V4 signatures, and its dependencies are from 2020 (busboy 0.3, fast-xml-parser 3).
 * - the fork checks V4 signatures but signs a path-style bucket request (ListObjectsV2) as `/bucket` where the SDK
 *   signs `/bucket/`, so allowMismatchedSignatures is on: the access key is still checked, the signature only parsed.
 * fauxqs (S3 emulator) needs Node >= 22.5; MinIO and S3Mock need Docker, which the tests do not have.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);

// CommonJS run by `node -e`: the server, on a free port of 127.0.0.1, with the bucket; it prints its port and stops
// when its stdin ends (close(), or the test process gone).
const childScript = `
const [s3rverPath, directory, bucket] = process.argv.slice(1);
const S3rver = require(s3rverPath);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, allowMismatchedSignatures: true, configureBuckets: [{ name: bucket }] });
server.run().then(
  (address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\\n'),
  (error) => { console.error(error); process.exit(1); },
);
process.stdin.on('end', () => server.close().finally(() => process.exit(0)));
process.stdin.resume();
`;

export interface S3Server {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  close(): Promise<void>;
}

export async function startS3Server(): Promise<S3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'facesocial-s3-'));
  const bucket = 'facesocial-test';
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', childScript, require.resolve('@20minutes/s3rver'), directory, bucket], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the S3 server did not start in 30 s:\n${stderr}`)), 30_000);
      void exited.then(() => reject(new Error(`the S3 server exited before it started:\n${stderr}`)));
      createInterface({ input: child.stdout }).once('line', (line) => {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      });
    });
    return {
      endpoint: `http://127.0.0.1:${port}`,
      bucket,
      // s3rver's built-in account.
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      region: 'us-east-1',
      async close() {
        child.stdin.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
        rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}
