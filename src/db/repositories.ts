import type { Config } from '../config/config.ts';
import { ApiKeysRepository } from './api-keys.repository.ts';
import { AuditRepository } from './audit.repository.ts';
import type { Database } from './database.ts';
import { FaceResultsRepository } from './face-results.repository.ts';
import { GalleryRepository } from './gallery.repository.ts';
import { LivenessRepository } from './liveness.repository.ts';
import { SessionsRepository } from './sessions.repository.ts';
import { VerificationsRepository } from './verifications.repository.ts';
import { VideoRepository } from './video.repository.ts';

/** Every repository over one database; the API and the workers build them the same way. */
export interface Repositories {
  sessions: SessionsRepository;
  faceResults: FaceResultsRepository;
  gallery: GalleryRepository;
  audit: AuditRepository;
  apiKeys: ApiKeysRepository;
  verifications: VerificationsRepository;
  liveness: LivenessRepository;
  videos: VideoRepository;
}

export function createRepositories(db: Database, config: Pick<Config, 'HNSW_EF_SEARCH'>): Repositories {
  return {
    sessions: new SessionsRepository(db.prisma),
    faceResults: new FaceResultsRepository(db.prisma),
    gallery: new GalleryRepository(db.prisma, { efSearch: config.HNSW_EF_SEARCH }),
    audit: new AuditRepository(db.prisma),
    apiKeys: new ApiKeysRepository(db.prisma),
    verifications: new VerificationsRepository(db.prisma),
    liveness: new LivenessRepository(db.prisma),
    videos: new VideoRepository(db.prisma),
  };
}
