import { expressionsIn, variablesRead, variablesReadIn } from '../../src/domain/expression-variables';

describe('the variables a JUEL expression reads', () => {
  it('reads the names a gateway compares, not the strings it compares them with', () => {
    expect(variablesRead("decision == 'return' || decision == 'reduce'")).toEqual(['decision']);
    expect(variablesRead('raisePercent > 10 and !urgent')).toEqual(['raisePercent', 'urgent']);
  });

  it('skips methods, properties, functions, keywords and the engine\'s own names', () => {
    expect(variablesRead("peerIds.split(',')[loopCounter]")).toEqual(['peerIds', 'loopCounter']);
    expect(variablesRead('dateTime().plusDays(2).toDate()')).toEqual([]);
    expect(variablesRead('empty approverGroup ? null : approverGroup')).toEqual(['approverGroup']);
    expect(variablesRead('execution.getVariable("x") eq null')).toEqual([]);
    expect(variablesRead('poolMinor gt 5e8')).toEqual(['poolMinor']);
  });

  it('finds the expressions in a text, a literal text has none', () => {
    expect(expressionsIn('R3/P14D')).toEqual([]);
    expect(expressionsIn("${a} and #{b == '}'}")).toEqual(['a', "b == '}'"]);
    expect(variablesReadIn("${poolMinor > 500000000 && currency == 'CNY'}")).toEqual(['poolMinor', 'currency']);
  });
});
