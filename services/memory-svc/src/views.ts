import type { MemoryRow } from './db/schema.ts';

/** A personal memory as its owner sees it. */
export function memoryView(row: MemoryRow) {
  return {
    id: row.id,
    text: row.text,
    scope: 'personal' as const,
    source: row.source,
    threadId: row.thread_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** An org fact as the organization's members see it. */
export function orgFactView(row: MemoryRow) {
  return {
    id: row.id,
    text: row.text,
    scope: 'org' as const,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
