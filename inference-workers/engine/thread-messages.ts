import type { ErrorCode } from '../../src/pipeline/errors.ts';
import type { AnalyzeRequest, EngineEvent } from '../../src/pipeline/results.ts';

export type ThreadRequest = AnalyzeRequest & { id: number };

export type ThreadReply =
  | { id: number; kind: 'ready' }
  | { id: number; kind: 'event'; event: EngineEvent }
  | { id: number; kind: 'done' }
  | { id: number; kind: 'error'; code: ErrorCode; message: string; expected: boolean };
