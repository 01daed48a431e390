import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

export async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

/** A GraphQL multipart request (the spec yoga implements): operations, map, then the files. */
export async function upload<T>(
  url: string,
  query: string,
  files: Record<string, { bytes: Uint8Array; name: string; type?: string }>,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const form = new FormData();
  const vars: Record<string, unknown> = { ...variables };
  const map: Record<string, string[]> = {};
  Object.keys(files).forEach((key, i) => {
    vars[key] = null;
    map[String(i)] = [`variables.${key}`];
  });
  form.append('operations', JSON.stringify({ query, variables: vars }));
  form.append('map', JSON.stringify(map));
  Object.values(files).forEach((file, i) => {
    form.append(String(i), new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/jpeg' }), file.name);
  });
  const response = await fetch(url, { method: 'POST', body: form, headers: { 'graphql-preflight': '1', ...headers } });
  const text = await response.text();
  let body: GraphQLResponse<T>;
  try {
    body = JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status: response.status, body };
}

/** A multipart request whose `variables.images` is a list of files (analyzeImages). */
export async function uploadList<T>(
  url: string,
  query: string,
  files: { bytes: Uint8Array; name: string; type?: string }[],
  variables: Record<string, unknown> = {},
): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables: { ...variables, images: files.map(() => null) } }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.images.${i}`]]))));
  files.forEach((file, i) => form.append(String(i), new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/jpeg' }), file.name));
  const response = await fetch(url, { method: 'POST', body: form, headers: { 'graphql-preflight': '1' } });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as GraphQLResponse<T> };
  } catch {
    return { status: response.status, body: { errors: [{ message: text }] } };
  }
}

export const analyzeMutation = /* GraphQL */ `
  mutation Analyze($image: File!, $stages: [Stage!]) {
    analyzeImage(image: $image, stages: $stages) {
      id
      status
      stages
    }
  }
`;

/** Subscribes over graphql-ws and collects every payload until the server completes the stream (`onNext` sees each as it arrives). */
export function subscribeWs<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  timeoutMs = 150_000,
  onNext?: (data: T) => void,
  connectionParams: Record<string, unknown> = {},
): Promise<T[]> {
  const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, connectionParams });
  const received: T[] = [];
  return new Promise<T[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscription did not complete in ${timeoutMs} ms; got ${JSON.stringify(received)}`)), timeoutMs);
    client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) reject(new Error(JSON.stringify(result.errors)));
          if (result.data) {
            received.push(result.data);
            onNext?.(result.data);
          }
        },
        error: (error) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        },
        complete: () => {
          clearTimeout(timer);
          resolve(received);
        },
      },
    );
  }).finally(() => void client.dispose());
}

/** Polls until the session reaches COMPLETED or FAILED. */
export async function waitForSession<T extends { status: string }>(
  url: string,
  query: string,
  id: string,
  timeoutMs = 150_000,
  headers: Record<string, string> = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data, errors } = await gql<{ analysisSession: T }>(url, query, { id }, headers);
    if (errors) throw new Error(JSON.stringify(errors));
    const session = data?.analysisSession;
    if (session && (session.status === 'COMPLETED' || session.status === 'FAILED')) return session;
    if (Date.now() > deadline) throw new Error(`session ${id} still ${session?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Subscribes over graphql-ws and resolves with the first `count` payloads (for streams that never end). */
export async function collectWs<T>(
  url: string,
  query: string,
  count: number,
  variables: Record<string, unknown> = {},
  connectionParams: Record<string, unknown> = {},
): Promise<T[]> {
  const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams });
  const got: T[] = [];
  try {
    for await (const result of client.iterate<T>({ query, variables })) {
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      if (result.data) got.push(result.data);
      if (got.length >= count) break;
    }
  } finally {
    await client.dispose();
  }
  return got;
}
