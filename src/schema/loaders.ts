import DataLoader from 'dataloader';
import type { AppServices } from '../analysis/services.ts';
import type { Loaders } from './context.ts';

function groupBy<T>(rows: readonly T[], key: (row: T) => string, ids: readonly string[]): T[][] {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(key(row))?.push(row);
  return ids.map((id) => groups.get(id) ?? []);
}

export function createLoaders(services: Pick<AppServices, 'sessions' | 'faceResults' | 'gallery' | 'videos'>, tenantId: string): Loaders {
  const { sessions, faceResults, gallery, videos } = services;
  return {
    stageRuns: new DataLoader(async (ids) => groupBy(await sessions.stageRuns(ids), (r) => r.sessionId, ids)),
    faces: new DataLoader(async (ids) => groupBy(await sessions.faces(ids), (r) => r.sessionId, ids)),
    embeddings: new DataLoader(async (ids) => {
      const found = await faceResults.embeddings(tenantId, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    personFaces: new DataLoader(async (ids) => groupBy(await gallery.facesOfPersons(tenantId, ids), (f) => f.personId ?? '', ids)),
    persons: new DataLoader(async (ids) => {
      const found = new Map((await gallery.findPersons(tenantId, ids)).map((p) => [p.id, p]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    videoTrackCounts: new DataLoader(async (ids) => {
      const counts = await videos.trackCounts(tenantId, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}
