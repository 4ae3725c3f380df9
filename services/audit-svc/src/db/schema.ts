import type { ColumnType } from 'kysely';

/** One stored audit event, a link of its org's hash chain. Never updated or deleted. */
export interface AuditEventsTable {
  /** The org id, or '-' for events outside any org: the chain the event belongs to. */
  org_key: string;
  /** Position in the org's chain: 1, 2, 3, … with no gaps. bigint comes back as a string. */
  seq: ColumnType<string, number | string, never>;
  event_id: string;
  service: string;
  time: ColumnType<Date, Date | string, never>;
  actor_type: string;
  actor_id: string;
  org_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  /** The previous link's hash (64 zeros for seq 1). */
  prev_hash: string;
  /** sha256(prev_hash + canonical JSON of the event and its seq), hex. */
  hash: string;
  /** When it was appended (the database's clock); the table is partitioned by its month. */
  stored_at: ColumnType<Date, Date | undefined, never>;
}

/** Every stored event id, once across all partitions: what makes a redelivery a duplicate. */
export interface AuditEventIdsTable {
  event_id: string;
  stored_at: ColumnType<Date, Date | string, never>;
}

/** Where an org's retained chain starts: the last link of the partitions retention dropped. */
export interface AuditChainAnchorsTable {
  org_key: string;
  seq: ColumnType<string, number | string, number | string>;
  hash: string;
  dropped_before: Date;
}

export interface AuditChainHeadsTable {
  org_key: string;
  seq: ColumnType<string, number | string, number | string>;
  hash: string;
}

/** An org's audit policy, set by its admins. */
export interface OrgSettingsTable {
  org_id: string;
  /** Keep the text of questions in `question.ask` events (off: how it was asked, never what). */
  record_question_text: boolean;
  updated_by: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface AuditDatabase {
  audit_events: AuditEventsTable;
  audit_chain_heads: AuditChainHeadsTable;
  audit_event_ids: AuditEventIdsTable;
  audit_chain_anchors: AuditChainAnchorsTable;
  org_settings: OrgSettingsTable;
}
