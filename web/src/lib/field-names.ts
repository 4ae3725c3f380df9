import { describeError } from '../api/errors.ts';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A failure in words, with the service's field names replaced by the ones the form shows:
 * "body.endDate: must not be before startDate" → "End date: must not be before the start date".
 */
export function describeFieldError(error: unknown, names: Record<string, string>): string {
  let message = describeError(error).replace(/^(?:body|query|path)\.([\w.[\]]+): /, (whole, field: string) =>
    names[field] ? `${names[field]}: ` : whole,
  );
  for (const [field, name] of Object.entries(names)) {
    message = message.replace(
      new RegExp(`(?<=: .*)\\b${escapeRegExp(field)}\\b`, 'g'),
      `the ${name.toLowerCase()}`,
    );
  }
  return message;
}
