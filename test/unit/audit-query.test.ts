import { auditQueryString, auditTime, readAuditParams, readBrowseQuery, readExportQuery } from '../../src/domain/audit-query';

describe('audit query grammar', () => {
  it('reads the filters an auditor types, with the 50 newest entries by default', () => {
    const reading = readBrowseQuery({ actor: 'E0007', action: 'session.*', subjectType: 'case', subjectId: '2026:E0007', lang: 'en' });
    expect(reading).toEqual({
      ok: true,
      value: {
        params: { actor: 'E0007', action: 'session.*', subjectType: 'case', subjectId: '2026:E0007' },
        request: { limit: 50, filter: { actor: 'E0007', action: 'session.*', subjectType: 'case', subjectId: '2026:E0007' } },
      },
    });
  });

  it('turns a date alone into the whole day in UTC, and a time without a zone into UTC', () => {
    expect(auditTime('2026-03-01', 'since')).toBe('2026-03-01T00:00:00.000Z');
    expect(auditTime('2026-03-31', 'until')).toBe('2026-03-31T23:59:59.999Z');
    expect(auditTime('2026-03-01T09:00', 'since')).toBe('2026-03-01T09:00:00.000Z');
    expect(auditTime('2026-03-01T09:00+08:00', 'since')).toBe('2026-03-01T01:00:00.000Z');
    expect(auditTime('2026-02-30T25:00', 'until')).toBeNull();
  });

  it('pages oldest first from a sequence number, or newest first below one, not both', () => {
    expect(readBrowseQuery({ from: '101', limit: '20' })).toMatchObject({ ok: true, value: { request: { from: 101, limit: 20, filter: {} } } });
    expect(readBrowseQuery({ before: '101' })).toMatchObject({ ok: true, value: { request: { before: 101, limit: 50 } } });
    expect(readBrowseQuery({ from: '1', before: '9' })).toEqual({ ok: false, problems: [{ field: 'before', code: 'conflict', message: 'give from (oldest first) or before (newest first), not both' }] });
  });

  it('names every parameter that is wrong at once: unknown, repeated, of the wrong shape', () => {
    const reading = readAuditParams({ limit: '201', actor: ['a', 'b'], colour: 'red', since: '' }, ['limit', 'actor', 'since']);
    expect(reading).toEqual({
      ok: false,
      problems: [
        { field: 'limit', code: 'format', message: 'limit must be a whole number from 1 to 200' },
        { field: 'actor', code: 'type', message: 'actor must be given once, as text' },
        { field: 'colour', code: 'unknown', message: 'not a parameter here' },
      ],
    });
  });

  it('refuses a date of the right shape that is no real date, after the shapes are right', () => {
    expect(readBrowseQuery({ since: '2026-13-01' })).toEqual({ ok: false, problems: [{ field: 'since', code: 'format', message: 'since is not a real date' }] });
  });

  it('exports from the first entry to the newest as JSON lines unless asked otherwise', () => {
    expect(readExportQuery({})).toEqual({ ok: true, value: { format: 'jsonl', from: 1 } });
    expect(readExportQuery({ format: 'csv', from: '5', to: '9' })).toEqual({ ok: true, value: { format: 'csv', from: 5, to: 9 } });
    expect(readExportQuery({ from: '9', to: '5' })).toEqual({ ok: false, problems: [{ field: 'to', code: 'range', message: 'to must not be below from' }] });
    expect(readExportQuery({ format: 'xml' })).toMatchObject({ ok: false, problems: [{ field: 'format', code: 'format' }] });
  });

  it('writes the page links without the empty values', () => {
    expect(auditQueryString({ actor: 'E0007', action: undefined, subjectId: '', before: 51 })).toBe('?actor=E0007&before=51');
    expect(auditQueryString({ actor: undefined })).toBe('');
  });
});
