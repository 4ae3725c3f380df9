import type { z } from 'zod';

export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

/** Flattens zod issues into `[{ path: "body.email", message, code }]` for the `details` field. */
export function zodIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return {
      path: [prefix, path].filter(Boolean).join('.') || '(root)',
      message: issue.message,
      code: issue.code,
    };
  });
}
