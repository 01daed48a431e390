import { readFileSync } from 'node:fs';
import { analyzeMutation, upload } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';

export interface Submitted {
  accepted: string[];
  /** Uploads answered with an error (code → count), e.g. SERVICE_UNAVAILABLE while Redis was down. */
  refused: Map<string, number>;
}

/** Uploads `total` images at `perSecond` (bounded in count and time), each a 1-face photo with DETECTION. */
export async function uploadAtRate(url: string, total: number, perSecond: number, stages: string[] = ['DETECTION']): Promise<Submitted> {
  const bytes = readFileSync(fixture('id_obama_1.jpg'));
  const accepted: string[] = [];
  const refused = new Map<string, number>();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    inFlight.push(
      upload<{ analyzeImage: { id: string } }>(url, analyzeMutation, { image: { bytes, name: 'p.jpg' } }, { stages })
        .then(({ body }) => {
          if (body.data) accepted.push(body.data.analyzeImage.id);
          else {
            const code = body.errors?.[0]?.extensions?.code ?? 'NO_CODE';
            refused.set(code, (refused.get(code) ?? 0) + 1);
          }
        })
        .catch(() => {
          refused.set('NETWORK', (refused.get('NETWORK') ?? 0) + 1);
        }),
    );
    await new Promise((r) => setTimeout(r, 1000 / perSecond));
  }
  await Promise.all(inFlight);
  return { accepted, refused };
}
