import { readFileSync } from 'node:fs';
import { undecodablePng } from './images.ts';
import { fixture } from './paths.ts';

export const analyzeImagesMutation = /* GraphQL */ `
  mutation ($images: [File!]!, $stages: [Stage!]) {
    analyzeImages(images: $images, stages: $stages) {
      id
      size
      sessions {
        id
        status
      }
    }
  }
`;
export const batchProgressSubscription = /* GraphQL */ `
  subscription ($id: ID!) {
    batchProgress(batchId: $id) {
      type
      index
      error {
        code
      }
      session {
        id
        status
      }
      summary {
        total
        completed
        failed
      }
    }
  }
`;
export interface BatchEvent {
  batchProgress: {
    type: string;
    index: number | null;
    error: { code: string } | null;
    session: { id: string; status: string } | null;
    summary: { total: number; completed: number; failed: number } | null;
  };
}

const photos = [
  'id_obama_1.jpg',
  'id_obama_2.jpg',
  'id_biden_1.jpg',
  'id_biden_2.jpg',
  'id_kit_harington_1.jpg',
  'id_kit_harington_2.jpg',
  'multi_two_people.jpg',
  'spoof_real_T1.jpg',
];

/** 20 images: 19 photos and, at `badIndex`, one that cannot be decoded. */
export async function batchOf20(badIndex: number): Promise<{ bytes: Uint8Array; name: string; type?: string }[]> {
  const bad = await undecodablePng();
  return Array.from({ length: 20 }, (_, i) =>
    i === badIndex
      ? { bytes: bad, name: 'broken.png', type: 'image/png' }
      : { bytes: readFileSync(fixture(photos[i % photos.length] as string)), name: `photo-${i}.jpg` },
  );
}
