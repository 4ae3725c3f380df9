import type { ColumnType, Selectable } from 'kysely';
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

export interface ChatDatabase {
  tasks: TasksTable;
  task_runs: TaskRunsTable;
}

export type TaskRow = Selectable<TasksTable>;
export type TaskRunRow = Selectable<TaskRunsTable>;
