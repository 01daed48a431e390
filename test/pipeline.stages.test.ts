import { describe, expect, it } from 'vitest';
import { planStages } from '../src/pipeline/stages.ts';
import { parseId } from '../src/schema/ids.ts';

describe('planStages', () => {
  it('defaults to DETECTION and removes duplicates', () => {
    expect(planStages(undefined)).toEqual(['DETECTION']);
    expect(planStages([])).toEqual(['DETECTION']);
    expect(planStages(['DETECTION', 'DETECTION'])).toEqual(['DETECTION']);
  });
});

describe('parseId', () => {
  const uuid = '616c49aa-fb0c-4d71-abd4-b5719798eeb0';
  it('accepts a Relay global ID of the right type or a bare UUID', () => {
    expect(parseId(Buffer.from(`AnalysisSession:${uuid}`).toString('base64'), 'AnalysisSession')).toBe(uuid);
    expect(parseId(uuid.toUpperCase(), 'AnalysisSession')).toBe(uuid);
  });
  it('rejects another type, garbage and non-UUID payloads', () => {
    expect(parseId(Buffer.from(`Face:${uuid}`).toString('base64'), 'AnalysisSession')).toBeNull();
    expect(parseId('nope', 'AnalysisSession')).toBeNull();
    expect(parseId(Buffer.from('AnalysisSession:1 OR 1=1').toString('base64'), 'AnalysisSession')).toBeNull();
  });
});
