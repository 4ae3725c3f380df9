import type { ColumnType, Selectable } from 'kysely';
import type { CredibilityTier } from '../pipeline/credibility.ts';
import type { Schedule } from '../tasks/schedule.ts';

type Timestamp = ColumnType<Date, Date | undefined, Date>;

export type TaskKind = 'task' | 'reminder';
export type TaskStatus = 'active' | 'paused' | 'done';
export type RunStatus = 'running' | 'answered' | 'succeeded' | 'failed';

/** A question asked on a schedule (kind task), or a one-off notification (kind reminder). */
export interface TasksTable {
  id: string;
  user_id: string;
  org_id: string | null;
  kind: TaskKind;
  title: string;
  /** The question a task asks each run; null for reminders. */
  query: string | null;
  /** The text a reminder shows; null for tasks. */
  message: string | null;
  mode: string;
  focus: string;
  space_id: string | null;
  schedule: ColumnType<Schedule, string, string>;
  /** paused: no runs until resumed; done: a one-off that has run. */
  status: TaskStatus;
  /** When the queue will next run it (from BullMQ), null when paused or done. */
  next_run_at: Date | null;
  last_run_at: Date | null;
  last_run_status: RunStatus | null;
  last_thread_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One run of a task: a queue job, recorded once however often the job is retried. */
export interface TaskRunsTable {
  id: string;
  task_id: string;
  /** The BullMQ job id: the same job retried is the same run. */
  job_id: string;
  trigger: 'schedule' | 'manual';
  /** answered: the thread is saved, the notification not yet sent. */
  status: RunStatus;
  thread_id: string | null;
  /** The answer's opening, what the notification shows (kept so a retried notification has it). */
  excerpt: string | null;
  error: string | null;
  started_at: Timestamp;
  finished_at: Date | null;
}

export type WebhookEvent = 'task.run' | 'answer.quality';
export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

/** A user's HTTPS endpoint that is sent the events it subscribes to, signed with its secret. */
export interface WebhooksTable {
  id: string;
  user_id: string;
  org_id: string | null;
  url: string;
  events: ColumnType<WebhookEvent[], string, string>;
  description: string | null;
  /** whsec_…: shown once when made or rotated, never listed; read only to sign. */
  secret: string;
  active: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One event for one webhook: a queue job (its id is this id) retried until delivered or given up. */
export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event: WebhookEvent;
  /** The happening it reports (`task-run:<run id>`, `answer:<message id>`): sent once per webhook. */
  event_key: string;
  body: string;
  status: DeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  response_status: number | null;
  /** The opening of the receiver's answer, for the log (never the whole body). */
  response_excerpt: string | null;
  error: string | null;
  created_at: Timestamp;
  last_attempt_at: Date | null;
  finished_at: Date | null;
}

/** An admin's override of a domain's standing in the shipped reputation list (credibility.ts). */
export interface SourceReputationTable {
  /** Bare host (no `www.`), lower-case; covers its subdomains. */
  domain: string;
  tier: CredibilityTier;
  score: number;
  note: string;
  updated_by: string;
  updated_at: Date;
}

export interface ChatDatabase {
  tasks: TasksTable;
  task_runs: TaskRunsTable;
  source_reputation: SourceReputationTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type TaskRow = Selectable<TasksTable>;
export type TaskRunRow = Selectable<TaskRunsTable>;
export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;
export type SourceReputationRow = Selectable<SourceReputationTable>;
