import { z } from 'zod';
import type { Box } from '../../pipeline/geometry.ts';
import {
  deepfakeVerdicts,
  genders,
  identificationDecisions,
  livenessVerdicts,
  type DeepfakeVerdict,
  type Gender,
  type IdentificationResult,
  type LivenessVerdict,
} from '../../pipeline/results.ts';
import type { Stage } from '../../pipeline/stages.ts';
import { confidentStrategies, type ConfidentStrategy } from '../../video/types.ts';
import { candidates } from '../face-stage-columns.ts';
import type { VideoAnalysis, VideoFaceTrack, VideoFrameFace } from '../generated/client.ts';
import { stages } from './session.mapper.ts';

/** A stored video analysis with its stages typed (the column is text[]). */
export type VideoAnalysisRecord = Omit<VideoAnalysis, 'stages'> & { stages: Stage[] };

/** A stored track as the tracker and the stages typed it: the one place where its rows become typed values. */
export interface VideoTrackRecord {
  videoAnalysisId: string;
  trackId: number;
  firstMs: number;
  lastMs: number;
  frames: number;
  bestFace: { frameIndex: number; timestampMs: number; box: Box; score: number; quality: number | null };
  identification: IdentificationResult | null;
  liveness: { liveScore: number; verdict: LivenessVerdict; strategy: ConfidentStrategy | null } | null;
  deepfake: { score: number; verdict: DeepfakeVerdict; strategy: ConfidentStrategy | null } | null;
  ageGender: { age: number | null; gender: Gender | null; genderProbability: number | null } | null;
}

export type VideoFrameFaceRecord = Pick<VideoFrameFace, 'frameIndex' | 'timestampMs' | 'faceIndex' | 'trackId' | 'score' | 'quality'> & { box: Box };

export const toVideoAnalysisRecord = (row: VideoAnalysis): VideoAnalysisRecord => ({ ...row, stages: stages.parse(row.stages) });

const strategy = z.enum(confidentStrategies).nullable();

export function toVideoTrackRecord(row: VideoFaceTrack): VideoTrackRecord {
  const check = <T>(schema: z.ZodType<T>, value: unknown, column: string): T => {
    const result = schema.safeParse(value);
    if (!result.success) throw new Error(`VideoFaceTrack ${row.id}: column ${column} does not hold what the tracker writes`);
    return result.data;
  };
  return {
    videoAnalysisId: row.videoAnalysisId,
    trackId: row.trackId,
    firstMs: row.firstMs,
    lastMs: row.lastMs,
    frames: row.frames,
    bestFace: {
      frameIndex: row.bestFrameIndex,
      timestampMs: row.bestTimestampMs,
      box: { x: row.bestBoxX, y: row.bestBoxY, width: row.bestBoxWidth, height: row.bestBoxHeight },
      score: row.bestScore,
      quality: row.bestQuality,
    },
    identification:
      row.identityDecision === null
        ? null
        : {
            decision: check(z.enum(identificationDecisions), row.identityDecision, 'identityDecision'),
            personId: row.identityPersonId,
            similarity: row.identitySimilarity,
            margin: null,
            candidates: check(candidates, row.identityCandidates ?? [], 'identityCandidates'),
          },
    liveness:
      row.liveScore === null
        ? null
        : {
            liveScore: row.liveScore,
            verdict: check(z.enum(livenessVerdicts), row.livenessVerdict, 'livenessVerdict'),
            strategy: check(strategy, row.livenessStrategy, 'livenessStrategy'),
          },
    deepfake:
      row.deepfakeScore === null
        ? null
        : {
            score: row.deepfakeScore,
            verdict: check(z.enum(deepfakeVerdicts), row.deepfakeVerdict, 'deepfakeVerdict'),
            strategy: check(strategy, row.deepfakeStrategy, 'deepfakeStrategy'),
          },
    ageGender:
      row.age === null && row.gender === null
        ? null
        : { age: row.age, gender: check(z.enum(genders).nullable(), row.gender, 'gender'), genderProbability: row.genderProbability },
  };
}

export const toVideoFrameFaceRecord = (row: VideoFrameFace): VideoFrameFaceRecord => ({
  frameIndex: row.frameIndex,
  timestampMs: row.timestampMs,
  faceIndex: row.faceIndex,
  trackId: row.trackId,
  score: row.score,
  quality: row.quality,
  box: { x: row.boxX, y: row.boxY, width: row.boxWidth, height: row.boxHeight },
});
