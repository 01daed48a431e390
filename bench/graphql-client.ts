import type { Client } from 'graphql-ws';

const analyzeMutation = 'mutation($image: File!, $stages: [Stage!]) { analyzeImage(image: $image, stages: $stages) { id } }';
const progressSubscription = 'subscription($id: ID!) { analysisProgress(sessionId: $id) { type } }';

/** Uploads one image with analyzeImage (GraphQL multipart request) and returns the session ID. */
export async function uploadForAnalysis(url: string, image: Uint8Array, stages: readonly string[]): Promise<string> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: analyzeMutation, variables: { image: null, stages } }));
  form.append('map', JSON.stringify({ 0: ['variables.image'] }));
  form.append('0', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), 'bench.jpg');
  const response = await fetch(url, { method: 'POST', body: form, headers: { 'graphql-preflight': '1' } });
  const json = (await response.json()) as { data?: { analyzeImage: { id: string } }; errors?: unknown };
  if (!json.data) throw new Error(JSON.stringify(json.errors));
  return json.data.analyzeImage.id;
}

/** Follows a session's progress over graphql-ws (as a dashboard would) until COMPLETED; FAILED throws. */
export async function untilCompleted(ws: Client, id: string): Promise<void> {
  for await (const result of ws.iterate<{ analysisProgress: { type: string } }>({ query: progressSubscription, variables: { id } })) {
    const type = result.data?.analysisProgress.type;
    if (type === 'FAILED') throw new Error(`session ${id} failed`);
    if (type === 'COMPLETED') return;
  }
}
