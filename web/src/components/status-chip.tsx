import type { FileStatus } from '../api/files.ts';

const fileLabels: Record<FileStatus, string> = {
  queued: 'Queued',
  processing: 'Processing…',
  ready: 'Ready',
  failed: 'Failed',
};

/** A file's state on its way to being searchable, as a coloured chip (words, not colour alone). */
export function FileStatusChip({ status }: { status: FileStatus }) {
  return <span className={`status status--${status}`}>{fileLabels[status]}</span>;
}

/** A status chip with its own words: `tone` picks the colour. */
export function StatusChip({
  tone,
  children,
}: {
  tone: 'queued' | 'processing' | 'ready' | 'failed';
  children: string;
}) {
  return <span className={`status status--${tone}`}>{children}</span>;
}
