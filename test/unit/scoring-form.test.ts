import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import selfAssessmentFile from '../../forms/self-assessment.json';
import managerAssessmentFile from '../../forms/manager-assessment.json';
import peerFeedbackFile from '../../forms/peer-feedback.json';
import scoringPolicyFile from '../../policies/scoring.json';
import { expandScoringDimensions, hasScoringDimensions } from '../../src/domain/scoring-form';
import type { ScoringPolicy } from '../../src/domain/scoring';
import { validateSubmission } from '../../src/server/forms/validate-submission';

const shipped = scoringPolicyFile.body as ScoringPolicy;
const fiveDimensions: ScoringPolicy = {
  ...shipped,
  dimensions: [...shipped.dimensions!, { key: 'clientRelationship', label: { en: 'Client relationship', 'zh-CN': '客户关系' } }],
};
interface Field { key: string; label?: string; type: string; validate?: { required?: boolean; min?: number; max?: number }; description?: string; components?: Field[] }
const all = (components: Field[] | undefined): Field[] => (components ?? []).flatMap((c) => [c, ...all(c.components)]);
const fields = (schema: { components?: unknown }) => (schema.components as Field[]);

describe('the assessment forms draw their rating fields from the scoring policy', () => {
  test.each([['self-assessment', selfAssessmentFile], ['manager-assessment', managerAssessmentFile], ['peer-feedback', peerFeedbackFile]])('%s carries the placeholder, not the fields', (_name, file) => {
    expect(hasScoringDimensions(file)).toBe(true);
    expect(fields(file).some((c) => /Rating$/.test(c.key))).toBe(false);
  });

  test('the shipped policy gives the four rating fields of today, required, on the scale 1–5, with zh-CN labels', () => {
    const form = expandScoringDimensions(selfAssessmentFile, shipped);
    const ratings = fields(form).filter((c) => /Rating$/.test(c.key));
    expect(ratings.map((c) => [c.key, c.label, c.validate])).toEqual([
      ['businessRating', 'Business (1–5)', { required: true, min: 1, max: 5 }],
      ['riskRating', 'Risk (1–5)', { required: true, min: 1, max: 5 }],
      ['complianceRating', 'Compliance (1–5)', { required: true, min: 1, max: 5 }],
      ['behaviourRating', 'Behaviour (1–5)', { required: true, min: 1, max: 5 }],
    ]);
    expect(ratings[0]!.description).toBe('1 = far below, 3 = meets, 5 = far exceeds expectations');
    expect(form.translations['zh-CN']?.['Business (1–5)']).toBe('业务（1–5）');
    // The stored version is left as it was (versions are cached and shared).
    expect(hasScoringDimensions(selfAssessmentFile)).toBe(true);
  });

  test('a fifth dimension adds its field after the others, in both languages; the server then requires it', () => {
    const form = expandScoringDimensions(managerAssessmentFile, fiveDimensions);
    const ratings = fields(form).filter((c) => /Rating$/.test(c.key));
    expect(ratings.map((c) => c.key)).toEqual(['businessRating', 'riskRating', 'complianceRating', 'behaviourRating', 'clientRelationshipRating']);
    expect(ratings[4]!.label).toBe('Client relationship (1–5)');
    expect(form.translations['zh-CN']?.['Client relationship (1–5)']).toBe('客户关系（1–5）');
    const four = { businessRating: 4, riskRating: 3, complianceRating: 5, behaviourRating: 4, strengths: 'Client trust', overallComment: 'Solid year' };
    expect(validateSubmission(form, four).problems.map((p) => [p.field, p.code])).toEqual([['clientRelationshipRating', 'required']]);
    expect(validateSubmission(form, { ...four, clientRelationshipRating: 6 }).problems.map((p) => [p.field, p.code])).toEqual([['clientRelationshipRating', 'max']]);
    expect(validateSubmission(form, { ...four, clientRelationshipRating: 5 }).ok).toBe(true);
  });

  test('360 feedback: every rating may stay empty ("cannot judge")', () => {
    const form = expandScoringDimensions(peerFeedbackFile, fiveDimensions);
    const ratings = fields(form).filter((c) => /Rating$/.test(c.key));
    expect(ratings).toHaveLength(5);
    expect(ratings.every((c) => c.validate?.required === false)).toBe(true);
    expect(validateSubmission(form, { clientRelationshipRating: 4, comment: 'Clients ask for her' }).ok).toBe(true);
  });

  test('a goal\'s dimension select offers the policy\'s dimensions and accepts no other', () => {
    const goalSetting = JSON.parse(readFileSync(join(__dirname, '..', '..', 'forms', 'goal-setting.json'), 'utf8'));
    expect(hasScoringDimensions(goalSetting)).toBe(true);
    const form = expandScoringDimensions(goalSetting, fiveDimensions);
    const select = all(form.components as Field[]).find((c) => c.key === 'dimension') as Field & { data: { values: Array<{ value: string; label: string }> }; validate: { onlyAvailableItems?: boolean } };
    expect(select.data.values.map((v) => v.value)).toEqual(['business', 'risk', 'compliance', 'behaviour', 'clientRelationship']);
    expect(select.data.values[4]!.label).toBe('Client relationship');
    expect(select.validate.onlyAvailableItems).toBe(true);
    expect(form.translations['zh-CN']?.['Client relationship']).toBe('客户关系');
  });

  test('the policy scale bounds the fields', () => {
    const form = expandScoringDimensions(selfAssessmentFile, { ...shipped, scale: { min: 1, max: 10 } });
    expect(fields(form).find((c) => c.key === 'businessRating')).toMatchObject({ label: 'Business (1–10)', validate: { min: 1, max: 10 } });
  });
});
