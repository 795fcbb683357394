import { barPercent, daysLeft, dimensionName, fill, trancheDueDate, trancheState, whyLines } from '../../src/domain/my-result';
import { DEFAULT_DIMENSIONS, scoreReview, type ScoringPolicy } from '../../src/domain/scoring';

const policy: ScoringPolicy = {
  scale: { min: 1, max: 5 },
  weightsByBusinessLine: { front: { business: 0.5, risk: 0.2, compliance: 0.15, behaviour: 0.15 } },
  ratingBands: [{ rating: 'A', minScore: 4.5 }, { rating: 'B', minScore: 3.5 }, { rating: 'C', minScore: 2.5 }, { rating: 'E', minScore: 0 }],
  decimals: 2,
};

/** A translation table as the i18n files would give it; an unknown key reads as itself. */
const en: Record<string, string> = {
  'me.why.formula': 'Score = Σ weight × rating, with the {businessLine} weights.',
  'me.businessLine.front': 'front office',
  'me.why.step': '{dimension}: {rating} × {weight} = {contribution}',
  'me.why.band': 'Score {score} falls in band {rating} (from {minScore}) of policy {policy} v{version}.',
  'me.why.calibration.changed': 'Calibration changed {from} to {to}.',
  'me.why.calibration.kept': 'Calibration kept {to}.',
  'me.why.appeal.changed': 'Your appeal was upheld: {from} became {to}.',
  'me.why.reason': 'Reason: {reason}',
  'me.why.policy': '({policy} v{version})',
  'dimension.business': 'Business', 'dimension.risk': 'Risk', 'dimension.compliance': 'Compliance', 'dimension.behaviour': 'Behaviour',
};
const t = (key: string) => en[key] ?? key;

describe('why is my rating B', () => {
  const final = scoreReview({ business: 4, risk: 3, compliance: 4, behaviour: 4 }, 'front', policy, { key: 'scoring', version: 3 });

  it('tells each dimension as rating × weight, then the band of the score with the policy version', () => {
    expect(whyLines(final, [], t)).toEqual([
      'Score = Σ weight × rating, with the front office weights.',
      'Business: 4 × 0.5 = 2',
      'Risk: 3 × 0.2 = 0.6',
      'Compliance: 4 × 0.15 = 0.6',
      'Behaviour: 4 × 0.15 = 0.6',
      'Score 3.8 falls in band B (from 3.5) of policy scoring v3.',
    ]);
  });

  it('adds every later decision with its reason and policy; a confirmation says the rating was kept', () => {
    const lines = whyLines(final, [
      { kind: 'calibration', fromRating: 'B', toRating: 'C', reason: 'Unit above the curve', policy: { key: 'calibration', version: 2 } },
      { kind: 'appeal', fromRating: 'C', toRating: 'B', reason: 'Audits belong to this cycle' },
    ], t);
    expect(lines.slice(-2)).toEqual([
      'Calibration changed B to C. Reason: Unit above the curve (calibration v2)',
      'Your appeal was upheld: C became B. Reason: Audits belong to this cycle',
    ]);
    expect(whyLines(final, [{ kind: 'calibration', fromRating: 'B', toRating: 'B', reason: '' }], t).at(-1)).toBe('Calibration kept B.');
  });

  it('names a dimension the policy added by its label in the reader\'s language', () => {
    const fivePolicy: ScoringPolicy = {
      ...policy,
      dimensions: [...DEFAULT_DIMENSIONS, { key: 'clientRelationship', label: { en: 'Client relationship', 'zh-CN': '客户关系' } }],
      weightsByBusinessLine: { front: { business: 0.4, risk: 0.15, compliance: 0.15, behaviour: 0.1, clientRelationship: 0.2 } },
    };
    // 0.4×4 + 0.15×3 + 0.15×4 + 0.1×4 + 0.2×5 = 1.6 + 0.45 + 0.6 + 0.4 + 1 = 4.05 → B
    const five = scoreReview({ business: 4, risk: 3, compliance: 4, behaviour: 4, clientRelationship: 5 }, 'front', fivePolicy, { key: 'scoring', version: 4 });
    expect(whyLines(five, [], t, 'en').slice(1, 6)).toEqual([
      'Business: 4 × 0.4 = 1.6', 'Risk: 3 × 0.15 = 0.45', 'Compliance: 4 × 0.15 = 0.6', 'Behaviour: 4 × 0.1 = 0.4', 'Client relationship: 5 × 0.2 = 1',
    ]);
    expect(whyLines(five, [], t, 'zh-CN')[5]).toBe('客户关系: 5 × 0.2 = 1');
    expect(whyLines(five, [], t, 'en')[6]).toBe('Score 4.05 falls in band B (from 3.5) of policy scoring v4.');
    // A score stored before labels were policy data: the translations' name, else the key.
    expect(dimensionName('business', undefined, 'en', t)).toBe('Business');
    expect(dimensionName('loyalty', undefined, 'en', t)).toBe('loyalty');
  });

  it('leaves a placeholder it has no value for as it is, so a missing value shows rather than vanishes', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});

describe('a deferred tranche on a given day', () => {
  it('is unvested before its date and vested from it, unless paid, cancelled or clawed back', () => {
    expect(trancheState('scheduled', '2027-03-01', '2027-02-28')).toBe('unvested');
    expect(trancheState('scheduled', '2027-03-01', '2027-03-01')).toBe('vested');
    expect(trancheState('paid', '2026-03-01', '2027-03-01')).toBe('paid');
    expect(trancheState('cancelled', '2029-03-01', '2027-03-01')).toBe('cancelled');
    expect(trancheState('clawed-back', '2026-03-01', '2027-03-01')).toBe('clawed-back');
  });
});

describe('when a tranche is due', () => {
  it('is never before the approval: an award dated in September and approved in December pays its upfront part in December', () => {
    expect(trancheDueDate('2026-09-30', '2026-12-05')).toBe('2026-12-05');
    expect(trancheState('scheduled', trancheDueDate('2026-09-30', '2026-12-05'), '2026-12-04')).toBe('unvested');
    expect(trancheDueDate('2027-09-30', '2026-12-05')).toBe('2027-09-30'); // a deferred tranche keeps its date
    expect(trancheDueDate('2026-09-30', null)).toBe('2026-09-30');
  });
});

describe('days left in the appeal window', () => {
  it('counts the days to come up to the closing day, never more than the window', () => {
    expect(daysLeft('2026-12-16', '2026-12-01')).toBe(15); // published on the 1st, a 15-day window
    expect(daysLeft('2026-12-16', '2026-12-15')).toBe(1);
    expect(daysLeft('2026-12-16', '2026-12-16')).toBe(0); // the last day: "closes today"
    expect(daysLeft('2026-12-16', '2026-12-17')).toBe(0);
    expect(daysLeft('2027-01-04', '2026-12-31')).toBe(4);
  });
});

describe('the length of a dimension bar', () => {
  it('is the rating against the scale: 4 of 5 is 80 %', () => {
    expect(barPercent(2, 5, 0.5)).toBe(80);
    expect(barPercent(0.75, 5, 0.15)).toBe(100);
    expect(barPercent(1, 5, 0)).toBe(0);
  });
});
