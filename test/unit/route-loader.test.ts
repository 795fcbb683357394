import type { Request, Response } from 'express';
import { notFound } from '../../src/server/http-errors';
import { loader } from '../../src/server/routes/support/loader';

const request = (id: string) => ({ params: { caseId: id } }) as unknown as Request;
const response = {} as Response;

describe('route loader', () => {
  it('reads the record once per request, however many steps of the chain load it', async () => {
    const reads: string[] = [];
    const reviewCase = loader(async (req) => { reads.push(String(req.params.caseId)); return { id: req.params.caseId }; }, () => notFound('case'));
    const req = request('2026:E0007');
    const next = jest.fn();
    await reviewCase(req, response, next);
    await reviewCase(req, response, next);
    expect(reads).toEqual(['2026:E0007']);
    expect(next).toHaveBeenCalledTimes(2);
    expect(reviewCase.of(req)).toEqual({ id: '2026:E0007' });
    // Another request reads its own.
    await reviewCase(request('2026:E0008'), response, next);
    expect(reads).toEqual(['2026:E0007', '2026:E0008']);
  });

  it('answers what a missing record answers, and goes no further', async () => {
    const reviewCase = loader(async () => null, () => notFound('case'));
    const next = jest.fn();
    await expect(reviewCase(request('2026:NOBODY'), response, next)).rejects.toMatchObject({ status: 404, message: 'case not found' });
    expect(next).not.toHaveBeenCalled();
  });

  it('tells a handler that asks for a record its route never loaded', () => {
    const reviewCase = loader(async () => ({ id: 'x' }), () => notFound('case'));
    expect(() => reviewCase.of(request('2026:E0007'))).toThrow(/does not load/);
  });
});
