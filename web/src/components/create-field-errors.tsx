import { issuesAt } from '../api/create.ts';
import { ApiFailure, describeError } from '../api/errors.ts';

const sentence = (text: string) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/**
 * What create-svc found wrong at a field (its issues whose path starts with `path`), as
 * sentences to show beside that field; null when nothing is wrong there.
 */
export function fieldMessage(error: unknown, path: string): string | null {
  const issues = issuesAt(error, path);
  if (issues.length === 0) return null;
  return issues
    .slice(0, 3)
    .map(({ message, line }) => {
      // CSV problems name their line ("line 3: a quoted field is never closed").
      const where = line !== undefined && !message.includes(`line ${line}`) ? ` (line ${line})` : '';
      return sentence(
        /^line \d+/.test(message) ? `The CSV cannot be read: ${message}` : `${message}${where}`,
      );
    })
    .join(' ');
}

/**
 * The failure in words for the form as a whole, unless every issue it names is shown beside one
 * of the form's fields (`placed` paths), in which case the fields say it and this is null.
 */
export function formMessage(error: unknown, placed: readonly string[]): string | null {
  if (!error) return null;
  if (error instanceof ApiFailure && error.issues.length > 0) {
    const unplaced = error.issues.filter(
      (issue) => !placed.some((path) => issue.path === path || issue.path.startsWith(`${path}.`)),
    );
    if (unplaced.length === 0) return null;
  }
  // "body.title: too long" → "title: too long": the request's plumbing is not the person's.
  return describeError(error).replace(/^body\./, '');
}
