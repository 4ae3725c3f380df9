export { ApiError, type ApiErrorOptions, type ErrorBody, isApiError, notFound } from './api-error.ts';
export { type ErrorCode, errorStatus } from './codes.ts';
export { type FieldIssue, zodIssues } from './zod-details.ts';
