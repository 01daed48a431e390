import type DataLoader from 'dataloader';
import type { Scope } from '../analysis/services.ts';
import type { Person } from '../db/gallery.repository.ts';
import type { FaceRecord, StageRunRecord } from '../db/sessions.repository.ts';

/** Per-request batching, so a page of sessions costs one query per relation, not one per session. */
export interface Loaders {
  stageRuns: DataLoader<string, StageRunRecord[]>;
  faces: DataLoader<string, FaceRecord[]>;
  /** Face ID -> embedding (null when the face has none). */
  embeddings: DataLoader<string, number[] | null>;
  /** Person ID -> enrolled faces; Person ID -> person. */
  personFaces: DataLoader<string, FaceRecord[]>;
  persons: DataLoader<string, Person | null>;
  /** Video analysis ID -> its number of tracks (a list of analyses asks once). */
  videoTrackCounts: DataLoader<string, number>;
}

/** A request's scope (services, caller, tenant: every query is scoped to it) and its loaders. */
export interface Context extends Scope {
  loaders: Loaders;
}
