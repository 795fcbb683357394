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

test('a page shows the reason in the reader\'s language where the server gave it (text), else the English', () => {
  const body = {
    error: 'someone else claimed this task first', text: '此待办已被他人先行认领',
    problems: [{ field: 'personId', code: 'notAllowed', message: 'choose your own manager', text: '请选择您的直属上级' }, { field: 'x', code: 'c', message: 'why' }],
  };
  expect(errorBodyOf(body)).toEqual({
    error: '此待办已被他人先行认领',
    problems: [{ field: 'personId', code: 'notAllowed', message: '请选择您的直属上级', text: '请选择您的直属上级' }, { field: 'x', code: 'c', message: 'why' }],
  });
  expect(reasonOf({ status: 409, body: errorBodyOf(body) })).toBe('(此待办已被他人先行认领)');
});
