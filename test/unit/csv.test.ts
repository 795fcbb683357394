import { parseCsv } from '../../src/domain/csv';

const COLUMNS = ['cycle', 'scopeType', 'scopeId', 'key', 'value'];

function records(text: string) {
  const result = parseCsv(text, COLUMNS);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.records;
}

function problems(text: string) {
  const result = parseCsv(text, COLUMNS);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('parseCsv', () => {
  it('reads the header and one record per line, keeping each record\'s line number', () => {
    expect(records('cycle,scopeType,scopeId,key,value\n2026,unit,CB,revenueMinor,1200\n2026,unit,WM,revenueMinor,800\n')).toEqual([
      { line: 2, fields: { cycle: '2026', scopeType: 'unit', scopeId: 'CB', key: 'revenueMinor', value: '1200' } },
      { line: 3, fields: { cycle: '2026', scopeType: 'unit', scopeId: 'WM', key: 'revenueMinor', value: '800' } },
    ]);
  });

  it('takes the header in any order', () => {
    expect(records('value,key,scopeId,scopeType,cycle\n5,nplRatio,CB,unit,2026')[0]!.fields).toEqual({ cycle: '2026', scopeType: 'unit', scopeId: 'CB', key: 'nplRatio', value: '5' });
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    // line 2 holds a field spanning two lines, so the next record starts on line 4
    const text = 'cycle,scopeType,scopeId,key,value\n2026,unit,"CB, Corporate","say ""hi""\nthere",1\n2026,unit,WM,k,2\n';
    expect(records(text)).toEqual([
      { line: 2, fields: { cycle: '2026', scopeType: 'unit', scopeId: 'CB, Corporate', key: 'say "hi"\nthere', value: '1' } },
      { line: 4, fields: { cycle: '2026', scopeType: 'unit', scopeId: 'WM', key: 'k', value: '2' } },
    ]);
  });

  it('reads CRLF line ends as Excel writes them, and a CRLF inside quotes stays in the field', () => {
    const text = 'cycle,scopeType,scopeId,key,value\r\n2026,unit,CB,"a\r\nb",1\r\n2026,unit,WM,k,2\r\n';
    expect(records(text).map((r) => [r.line, r.fields.key, r.fields.value])).toEqual([[2, 'a\r\nb', '1'], [4, 'k', '2']]);
  });

  it('ignores a UTF-8 byte-order mark before the header', () => {
    expect(records('\uFEFFcycle,scopeType,scopeId,key,value\n2026,person,E1,k,1')[0]!.fields.cycle).toBe('2026');
  });

  it('skips empty lines but counts them in line numbers', () => {
    const text = '\ncycle,scopeType,scopeId,key,value\n\n2026,unit,CB,k,1\n\n\n2026,unit,WM,k,2\n\n';
    expect(records(text).map((r) => r.line)).toEqual([4, 7]);
  });

  it('keeps empty fields empty, quoted or not', () => {
    expect(records('cycle,scopeType,scopeId,key,value\n2026,,"",k,')[0]!.fields).toEqual({ cycle: '2026', scopeType: '', scopeId: '', key: 'k', value: '' });
  });

  it('names every record with the wrong number of fields, and nothing else', () => {
    // line 3 has one field too many (an unquoted comma in a name), line 4 one too few
    expect(problems('cycle,scopeType,scopeId,key,value\n2026,unit,CB,k,1\n2026,unit,CB, Corporate,k,1\n2026,unit,CB,k\n')).toEqual([
      { line: 3, column: '', code: 'columns', message: '6 fields where the header has 5' },
      { line: 4, column: '', code: 'columns', message: '4 fields where the header has 5' },
    ]);
  });

  it('refuses a header without the expected columns, saying which are missing and which unknown', () => {
    const [problem] = problems('cycle,scope,scopeId,key,value\n2026,unit,CB,k,1');
    expect(problem).toMatchObject({ line: 1, code: 'header' });
    expect(problem!.message).toMatch(/missing scopeType; unknown "scope"/);
    expect(problems('cycle,cycle,scopeType,scopeId,key,value\n')[0]!.message).toMatch(/repeated cycle/);
  });

  it('refuses an empty file and a header without records', () => {
    expect(problems('')[0]).toMatchObject({ code: 'empty' });
    expect(problems('\uFEFF\n\n')[0]).toMatchObject({ code: 'empty' });
    expect(problems('cycle,scopeType,scopeId,key,value\r\n')[0]).toMatchObject({ code: 'empty', message: 'the CSV has a header but no records' });
  });

  it('refuses stray and unclosed quotes with the line they are on', () => {
    expect(problems('cycle,scopeType,scopeId,key,value\n2026,unit,C"B,k,1')[0]).toMatchObject({ line: 2, code: 'quote' });
    expect(problems('cycle,scopeType,scopeId,key,value\n2026,unit,"CB"x,k,1')[0]).toMatchObject({ line: 2, code: 'quote' });
    expect(problems('cycle,scopeType,scopeId,key,value\n2026,unit,CB,k,1\n2026,unit,"CB,k,1\n')[0]).toMatchObject({ line: 3, code: 'quote', message: 'a quoted field is not closed before the end of the file' });
  });
});
