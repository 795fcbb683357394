import { errorBodyOf, reasonOf } from '../../src/web/api-client';

// What a page can say when a call fails: the API's own error body, or whatever came instead.
describe('the error body a page reads from a failed call', () => {
  test('the API\'s error and field problems are kept', () => {
    const body = { error: 'the request is not valid', problems: [{ field: 'key', code: 'pattern', message: 'a key starts with a letter' }] };
    expect(errorBodyOf(body)).toEqual(body);
  });

  test('a proxy\'s answer without JSON, or JSON of another shape, gives nothing to show but the status', () => {
    expect(errorBodyOf({})).toEqual({});
    expect(errorBodyOf('Bad Gateway')).toEqual({});
    expect(errorBodyOf(null)).toEqual({});
    expect(errorBodyOf({ error: 502, problems: 'none' })).toEqual({});
    expect(reasonOf({ status: 502, body: errorBodyOf('Bad Gateway') })).toBe('(502)');
    expect(reasonOf({ status: 409, body: { error: 'that key is taken' } })).toBe('(that key is taken)');
  });

  test('problems without a message are left out, the others kept', () => {
    expect(errorBodyOf({ error: 'no', problems: [{ field: 'x' }, { field: 'y', code: 'c', message: 'why' }, 'text'] }))
      .toEqual({ error: 'no', problems: [{ field: 'y', code: 'c', message: 'why' }] });
  });
});
