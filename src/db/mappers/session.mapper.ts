import { z } from 'zod';
import { stageNames, type Stage } from '../../pipeline/stages.ts';
import type { AnalysisBatch, AnalysisSession, SessionStatus, StageRun } from '../generated/client.ts';

export type { AnalysisBatch, SessionStatus };

/** A stored session with its stages typed (the column is text[]). */
export type SessionRecord = Omit<AnalysisSession, 'stages'> & { stages: Stage[] };
/** A stored stage run with its stage typed. */
export type StageRunRecord = Omit<StageRun, 'stage'> & { stage: Stage };

/** A text[] column of stage names, typed. */
export const stages = z.array(z.enum(stageNames));
const stage = z.enum(stageNames);

export function toSessionRecord(row: AnalysisSession): SessionRecord {
  return { ...row, stages: stages.parse(row.stages) };
}

export function toStageRunRecord(row: StageRun): StageRunRecord {
  return { ...row, stage: stage.parse(row.stage) };
}
