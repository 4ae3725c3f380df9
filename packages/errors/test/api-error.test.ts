import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, errorStatus, isApiError, notFound, zodIssues } from '../src/index.ts';

describe('ApiError', () => {
  it('takes its status from the closed code list', () => {
    expect(new ApiError('payload_too_large', 'too big').status).toBe(413);
    expect(new ApiError('rate_limited', 'slow down').status).toBe(429);
    expect(notFound('Thread')).toMatchObject({ code: 'not_found', status: 404, message: 'Thread not found' });
    for (const [code, status] of Object.entries(errorStatus)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(code).toMatch(/^[a-z_]+$/);
    }
  });

  it('renders the one body shape, leaving out what is absent', () => {
    expect(new ApiError('forbidden', 'no').toBody()).toEqual({ error: { code: 'forbidden', message: 'no' } });
    expect(
      new ApiError('validation_failed', 'bad', { details: [{ path: 'body.x' }] }).toBody('req-1'),
    ).toEqual({
      error: { code: 'validation_failed', message: 'bad', details: [{ path: 'body.x' }], requestId: 'req-1' },
    });
  });

  it('carries headers and a cause without putting them in the body', () => {
    const cause = new Error('inner');
    const error = new ApiError('rate_limited', 'wait', { headers: { 'Retry-After': '3' }, cause });
    expect(error.headers).toEqual({ 'Retry-After': '3' });
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(error.toBody())).not.toContain('inner');
    expect(isApiError(error)).toBe(true);
    expect(isApiError(new Error('x'))).toBe(false);
  });
});

describe('zodIssues', () => {
  it('flattens issues to dotted paths under a prefix', () => {
    const result = z
      .object({ user: z.object({ email: z.email() }), tags: z.array(z.string()) })
      .safeParse({ user: { email: 'nope' }, tags: ['ok', 3] });
    expect(result.success).toBe(false);
    const issues = zodIssues(result.error!, 'body');
    expect(issues.map((issue) => issue.path)).toEqual(['body.user.email', 'body.tags.1']);
    expect(issues[0]).toMatchObject({ code: 'invalid_format' });
  });

  it('names the root when the whole value is wrong', () => {
    const result = z.string().safeParse(5);
    expect(zodIssues(result.error!)[0]!.path).toBe('(root)');
  });
});
