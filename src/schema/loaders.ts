import DataLoader from 'dataloader';
import type { SessionsRepository } from '../db/sessions.repository.ts';
import type { Loaders } from './context.ts';

function groupBy<T>(rows: readonly T[], key: (row: T) => string, ids: readonly string[]): T[][] {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(key(row))?.push(row);
  return ids.map((id) => groups.get(id) ?? []);
}

export function createLoaders(sessions: SessionsRepository): Loaders {
  return {
    stageRuns: new DataLoader(async (ids) => groupBy(await sessions.stageRuns(ids), (r) => r.sessionId, ids)),
    faces: new DataLoader(async (ids) => groupBy(await sessions.faces(ids), (r) => r.sessionId, ids)),
  };
}
