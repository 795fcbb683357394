import { aggregatePeerFeedback, anonymousPeerFeedback, peerRatingsFrom } from '../../src/domain/feedback-360';
import { DEFAULT_DIMENSIONS } from '../../src/domain/scoring';

describe('aggregatePeerFeedback: mean per dimension over the peers who rated it', () => {
  it('two peers who rated everything: plain means', () => {
    // business (4 + 5) / 2 = 4.5; risk (3 + 4) / 2 = 3.5; compliance (5 + 5) / 2 = 5; behaviour (2 + 3) / 2 = 2.5
    const aggregate = aggregatePeerFeedback([
      { business: 4, risk: 3, compliance: 5, behaviour: 2 },
      { business: 5, risk: 4, compliance: 5, behaviour: 3 },
    ]);
    expect(aggregate.respondents).toBe(2);
    expect(aggregate.dimensions).toEqual({
      business: { mean: 4.5, count: 2 }, risk: { mean: 3.5, count: 2 }, compliance: { mean: 5, count: 2 }, behaviour: { mean: 2.5, count: 2 },
    });
  });

  it('a dimension a peer could not judge counts only the others; rounding to two decimals', () => {
    // business (4 + 4 + 5) / 3 = 4.333… → 4.33; risk only the second peer: 2; compliance nobody: null
    const aggregate = aggregatePeerFeedback([
      { business: 4, behaviour: 3 },
      { business: 4, risk: 2, behaviour: 4 },
      { business: 5, behaviour: 4 },
    ]);
    expect(aggregate.dimensions).toEqual({
      business: { mean: 4.33, count: 3 }, risk: { mean: 2, count: 1 }, compliance: { mean: null, count: 0 }, behaviour: { mean: 3.67, count: 3 },
    });
  });

  it('no feedback at all: every mean is null', () => {
    expect(aggregatePeerFeedback([]).dimensions.business).toEqual({ mean: null, count: 0 });
  });

  it('reads the peer-feedback form: an empty rating is "cannot judge", comments are left out', () => {
    expect(peerRatingsFrom({ businessRating: 4, riskRating: null, complianceRating: 5, comment: 'Helpful' })).toEqual({ business: 4, compliance: 5 });
  });
});

describe('360 feedback on the dimensions of the pinned scoring policy', () => {
  const dimensions = [...DEFAULT_DIMENSIONS, { key: 'clientRelationship', label: { en: 'Client relationship', 'zh-CN': '客户关系' } }];
  it('a fifth dimension is read from its field and averaged like the others, with its label', () => {
    // clientRelationship (5 + 4) / 2 = 4.5
    const peers = [{ businessRating: 4, clientRelationshipRating: 5 }, { businessRating: 5, clientRelationshipRating: 4 }].map((data) => peerRatingsFrom(data, dimensions));
    const aggregate = aggregatePeerFeedback(peers, dimensions);
    expect(aggregate.dimensions.clientRelationship).toEqual({ mean: 4.5, count: 2 });
    expect(aggregate.dimensions.risk).toEqual({ mean: null, count: 0 });
    expect(aggregate.labels.clientRelationship).toEqual({ en: 'Client relationship', 'zh-CN': '客户关系' });
  });
});

describe('anonymousPeerFeedback: what the manager may see under the feedback-360 policy', () => {
  const three = aggregatePeerFeedback([
    { business: 4, risk: 3, behaviour: 2 },
    { business: 5, risk: 4 },
    { business: 3, risk: 2, behaviour: 4 },
  ]);

  it('three answers, minimum 3: the means of dimensions three rated, behaviour (two) withheld, comments sorted', () => {
    const view = anonymousPeerFeedback(three, ['Strong on deals', 'Needs to delegate more', 'Reliable partner'], 3);
    expect(view).toMatchObject({ respondents: 3, minimumRaters: 3, shown: true });
    // business (4 + 5 + 3) / 3 = 4; risk (3 + 4 + 2) / 3 = 3
    expect(view.dimensions).toEqual({
      business: { mean: 4, count: 3 }, risk: { mean: 3, count: 3 }, compliance: { mean: null, count: 0 }, behaviour: { mean: null, count: 2, withheld: true },
    });
    expect(view.comments).toEqual(['Needs to delegate more', 'Reliable partner', 'Strong on deals']);
  });

  it('the same three answers under a minimum of 4: only how many answered', () => {
    const view = anonymousPeerFeedback(three, ['Strong on deals'], 4);
    expect(view).toMatchObject({ respondents: 3, minimumRaters: 4, shown: false, comments: [] });
    expect(Object.values(view.dimensions).every((d) => d.mean === null && d.count === 0)).toBe(true);
  });
});
