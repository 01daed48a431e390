import { describe, expect, it } from 'vitest';
import { planModels } from '../src/pipeline/model-profile.ts';
import { readFileSync } from 'node:fs';
import { identifyFace } from '../src/pipeline/identification.ts';
import { createStageGraph, stageNames, type Stage, type StageDescriptor } from '../src/pipeline/stages.ts';
import { planStages, stageModules } from '../inference-workers/stages/index.ts';
import { deepfakeVerdict, livenessVerdict } from '../src/pipeline/verdicts.ts';
import { parseId } from '../src/schema/ids.ts';

describe('planStages', () => {
  it('defaults to DETECTION and removes duplicates', () => {
    expect(planStages(undefined)).toEqual(['DETECTION']);
    expect(planStages([])).toEqual(['DETECTION']);
    expect(planStages(['DETECTION', 'DETECTION'])).toEqual(['DETECTION']);
  });

  it('adds what a stage needs: AGE_GENDER runs DETECTION and ALIGNMENT, not RECOGNITION or DEEPFAKE', () => {
    expect(planStages(['AGE_GENDER'])).toEqual(['DETECTION', 'ALIGNMENT', 'AGE_GENDER']);
    expect(planStages(['RECOGNITION'])).toEqual(['DETECTION', 'ALIGNMENT', 'LANDMARKS', 'QUALITY', 'RECOGNITION']);
    expect(planStages(['DEEPFAKE', 'ANTI_SPOOFING'])).toEqual(['DETECTION', 'ANTI_SPOOFING', 'DEEPFAKE']);
  });

  it('orders every stage after all of its needs (the graph order is a topological order)', () => {
    const all = planStages([...stageNames]);
    expect(all).toEqual([...stageNames]);
    for (const stage of all) {
      for (const need of stageModules[stage].needs) expect(all.indexOf(need), `${need} before ${stage}`).toBeLessThan(all.indexOf(stage));
    }
  });
});

describe('verdicts', () => {
  const t = { liveAt: 0.8, spoofBelow: 0.5, fakeAt: 0.7, realBelow: 0.3, qualityGate: 0.3 };
  it('liveness: LIVE at or above liveAt, SPOOF below spoofBelow, UNCERTAIN between', () => {
    expect(livenessVerdict(0.8, t)).toBe('LIVE');
    expect(livenessVerdict(0.79, t)).toBe('UNCERTAIN');
    expect(livenessVerdict(0.5, t)).toBe('UNCERTAIN');
    expect(livenessVerdict(0.298, t)).toBe('SPOOF');
  });
  it('deepfake: FAKE at or above fakeAt, REAL below realBelow, UNCERTAIN between', () => {
    expect(deepfakeVerdict(0.945, t)).toBe('FAKE');
    expect(deepfakeVerdict(0.5, t)).toBe('UNCERTAIN');
    expect(deepfakeVerdict(0, t)).toBe('REAL');
  });
});

describe('planModels', () => {
  const all = [...stageNames];
  it('full profile: SCRFD-500M and every stage; EMOTION only when its file is installed', () => {
    const without = planModels({ profile: 'full', stages: stageModules, fileExists: () => false });
    expect(without.detector).toBe('scrfd_500m');
    expect(without.stages).not.toContain('EMOTION');
    expect(without.unavailable.EMOTION).toMatch(/models:fetch/);
    expect(without.files).toContain('age_gender_insightface_mnet025_112.onnx');
    const withEmotion = planModels({ profile: 'full', stages: stageModules, fileExists: () => true });
    expect(withEmotion.stages).toEqual(all);
  });
  it('permissive profile: YuNet, no AGE_GENDER, no non-commercial file', () => {
    const plan = planModels({ profile: 'permissive', stages: stageModules, fileExists: () => true });
    expect(plan.detector).toBe('yunet');
    expect(plan.stages).not.toContain('AGE_GENDER');
    expect(plan.unavailable.AGE_GENDER).toMatch(/non-commercial/);
    expect(plan.files.some((f) => f.includes('scrfd') || f.includes('insightface'))).toBe(false);
    expect(() => planModels({ profile: 'permissive', detector: 'scrfd_2.5g', stages: stageModules, fileExists: () => true })).toThrow(/non-commercial/);
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

describe('stage graph and model plan from the stage modules', () => {
  const descriptor = (name: Stage, needs: Stage[]): StageDescriptor => ({ name, kind: 'inference', needs, files: () => [] });
  it('refuses a stage that needs one running after it', () => {
    const stages = Object.fromEntries(stageNames.map((s) => [s, descriptor(s, [])])) as Record<Stage, StageDescriptor>;
    expect(() => createStageGraph({ ...stages, DETECTION: descriptor('DETECTION', ['QUALITY']) })).toThrow(/DETECTION needs QUALITY/);
  });
  it('a stage whose need is unavailable is unavailable too, and says why', () => {
    const stages = { ...stageModules, EMOTION: { ...stageModules.EMOTION, needs: ['AGE_GENDER'] as Stage[] } };
    const plan = planModels({ profile: 'permissive', stages, fileExists: () => true });
    expect(plan.stages).not.toContain('EMOTION');
    expect(plan.unavailable.EMOTION).toMatch(/Needs AGE_GENDER/);
    expect(plan.unavailableStages.map((u) => u.stage)).toEqual(['AGE_GENDER', 'EMOTION']);
  });
  it('every model file a stage loads is in the manifest the threads verify', () => {
    const listed = readFileSync(new URL('../models/manifest.json', import.meta.url), 'utf8');
    for (const module of Object.values(stageModules)) for (const file of module.files('scrfd_500m')) expect(listed, file).toContain(file);
  });
});

describe('identifyFace', () => {
  const gallery = (found: { personId: string; faceId: string; similarity: number }[]) => ({ candidates: async () => found });
  it('MATCH only at or above the threshold, with the margin to the second person; no embedding is NOT_SEARCHED', async () => {
    const two = gallery([
      { personId: 'a', faceId: 'fa', similarity: 0.7 },
      { personId: 'b', faceId: 'fb', similarity: 0.4 },
    ]);
    expect(await identifyFace(two, 't', [1], { threshold: 0.5, topK: 5 })).toMatchObject({ decision: 'MATCH', personId: 'a', similarity: 0.7 });
    expect((await identifyFace(two, 't', [1], { threshold: 0.5, topK: 5 })).margin).toBeCloseTo(0.3, 10);
    expect(await identifyFace(two, 't', [1], { threshold: 0.71, topK: 5 })).toMatchObject({ decision: 'UNKNOWN', personId: null, similarity: 0.7 });
    expect(await identifyFace(gallery([]), 't', [1], { threshold: 0.5, topK: 5 })).toMatchObject({
      decision: 'UNKNOWN',
      similarity: null,
      margin: null,
      candidates: [],
    });
    expect(await identifyFace(two, 't', null, { threshold: 0.5, topK: 5 })).toMatchObject({ decision: 'NOT_SEARCHED', candidates: [] });
  });
});
