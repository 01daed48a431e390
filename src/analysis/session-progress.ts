import type { SessionRecord, StageRunRecord } from '../db/sessions.repository.ts';
import { notFound } from '../pipeline/errors.ts';
import { eventKey, isTerminal, type AnalysisEvent } from '../pipeline/events.ts';
import type { AppServices } from './services.ts';

/** The events a session has already produced, rebuilt from its rows (for late subscribers). */
function replayEvents(session: SessionRecord, runs: readonly StageRunRecord[]): AnalysisEvent[] {
  const base = { sessionId: session.id, tenantId: session.tenantId, stage: null, model: null, durationMs: null, error: null };
  const events: AnalysisEvent[] = [{ ...base, type: 'QUEUED', at: session.createdAt }];
  const order = new Map(session.stages.map((s, i) => [s, i]));
  const sorted = [...runs].sort((a, b) => (order.get(a.stage) ?? 0) - (order.get(b.stage) ?? 0));
  for (const run of sorted) {
    events.push({ ...base, type: 'STAGE_STARTED', stage: run.stage, model: run.model, at: run.startedAt });
    if (run.status === 'COMPLETED' && run.finishedAt) {
      events.push({ ...base, type: 'STAGE_FINISHED', stage: run.stage, model: run.model, durationMs: run.durationMs, at: run.finishedAt });
    }
  }
  if (session.status === 'COMPLETED' || session.status === 'FAILED') {
    events.push({
      ...base,
      type: session.status,
      at: session.completedAt ?? new Date(),
      error: session.status === 'FAILED' ? { code: session.errorCode ?? 'INTERNAL', message: session.errorMessage ?? 'Analysis failed.' } : null,
    });
  }
  return events;
}

/**
 * A session's progress: everything that already happened (from the database), then live events,
 * each exactly once, ending after COMPLETED or FAILED. Subscribing before reading the database
 * closes the gap between the two.
 */
export async function* sessionProgress(services: Pick<AppServices, 'events' | 'sessions'>, tenantId: string, sessionId: string): AsyncGenerator<AnalysisEvent> {
  const live = services.events.session(sessionId);
  try {
    const session = await services.sessions.find(tenantId, sessionId);
    if (!session) throw notFound('Analysis session');
    const seen = new Set<string>();
    for (const event of replayEvents(session, await services.sessions.stageRuns([session.id]))) {
      seen.add(eventKey(event));
      yield event;
      if (isTerminal(event)) return;
    }
    for await (const event of live) {
      if (seen.has(eventKey(event))) continue;
      // A stage's row is written when it ends, so a subscriber that arrived mid-stage may have missed its
      // start: give it the start first, so every stream reads STARTED before FINISHED.
      if (event.type === 'STAGE_FINISHED' && !seen.has(eventKey({ type: 'STAGE_STARTED', stage: event.stage }))) {
        const started: AnalysisEvent = { ...event, type: 'STAGE_STARTED', durationMs: null, at: new Date(event.at.getTime() - (event.durationMs ?? 0)) };
        seen.add(eventKey(started));
        yield started;
      }
      seen.add(eventKey(event));
      yield event;
      if (isTerminal(event)) return;
    }
  } finally {
    await live.return?.();
  }
}
