import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { ChatDatabase, RunStatus, TaskKind, TaskRow, TaskRunRow, TaskStatus } from '../db/schema.ts';
import type { Schedule } from './schedule.ts';

export interface NewTask {
  userId: string;
  orgId: string | null;
  kind: TaskKind;
  title: string;
  query: string | null;
  message: string | null;
  mode: string;
  focus: string;
  spaceId: string | null;
  schedule: Schedule;
}

export interface TaskChanges {
  title?: string;
  query?: string;
  message?: string;
  mode?: string;
  focus?: string;
  spaceId?: string | null;
  schedule?: Schedule;
}

/** A jsonb value from JSON text (the ::text cast keeps postgres.js from encoding it twice). */
const jsonb = (value: unknown) => sql<string>`cast(${JSON.stringify(value)}::text as jsonb)`;

/** Every query is scoped by the owner: another user's task reads as absent. */
export function createTaskRepository(db: Kysely<ChatDatabase>) {
  return {
    async create(task: NewTask): Promise<TaskRow> {
      return db
        .insertInto('tasks')
        .values({
          id: randomUUID(),
          user_id: task.userId,
          org_id: task.orgId,
          kind: task.kind,
          title: task.title,
          query: task.query,
          message: task.message,
          mode: task.mode,
          focus: task.focus,
          space_id: task.spaceId,
          schedule: jsonb(task.schedule),
          status: 'active',
          next_run_at: null,
          last_run_at: null,
          last_run_status: null,
          last_thread_id: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    countOwnedBy(userId: string): Promise<number> {
      return db
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.count));
    },

    listOwnedBy(userId: string): Promise<TaskRow[]> {
      return db
        .selectFrom('tasks')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    findOwned(id: string, userId: string): Promise<TaskRow | undefined> {
      return db
        .selectFrom('tasks')
        .selectAll()
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },

    /** For the worker, which acts for the owner named in the job. */
    find(id: string): Promise<TaskRow | undefined> {
      return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async update(id: string, userId: string, changes: TaskChanges): Promise<TaskRow | undefined> {
      return db
        .updateTable('tasks')
        .set({
          ...(changes.title !== undefined ? { title: changes.title } : {}),
          ...(changes.query !== undefined ? { query: changes.query } : {}),
          ...(changes.message !== undefined ? { message: changes.message } : {}),
          ...(changes.mode !== undefined ? { mode: changes.mode } : {}),
          ...(changes.focus !== undefined ? { focus: changes.focus } : {}),
          ...(changes.spaceId !== undefined ? { space_id: changes.spaceId } : {}),
          ...(changes.schedule !== undefined ? { schedule: jsonb(changes.schedule) } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .returningAll()
        .executeTakeFirst();
    },

    async setStatus(id: string, status: TaskStatus, nextRunAt: Date | null): Promise<TaskRow | undefined> {
      return db
        .updateTable('tasks')
        .set({ status, next_run_at: nextRunAt, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    },

    async setNextRun(id: string, nextRunAt: Date | null): Promise<void> {
      await db.updateTable('tasks').set({ next_run_at: nextRunAt }).where('id', '=', id).execute();
    },

    async remove(id: string, userId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('tasks')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /**
     * The run of one queue job: made on its first attempt, found again on a retry (so a retried
     * job carries on where the failed attempt stopped instead of asking twice).
     */
    async runForJob(taskId: string, jobId: string, trigger: TaskRunRow['trigger']): Promise<TaskRunRow> {
      await db
        .insertInto('task_runs')
        .values({
          id: randomUUID(),
          task_id: taskId,
          job_id: jobId,
          trigger,
          status: 'running',
          thread_id: null,
          excerpt: null,
          error: null,
          finished_at: null,
        })
        .onConflict((oc) => oc.columns(['task_id', 'job_id']).doNothing())
        .execute();
      return db
        .selectFrom('task_runs')
        .selectAll()
        .where('task_id', '=', taskId)
        .where('job_id', '=', jobId)
        .executeTakeFirstOrThrow();
    },

    async updateRun(
      run: TaskRunRow,
      changes: { status: RunStatus; threadId?: string; excerpt?: string; error?: string | null },
    ): Promise<void> {
      const finished = changes.status === 'succeeded' || changes.status === 'failed';
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('task_runs')
          .set({
            status: changes.status,
            ...(changes.threadId ? { thread_id: changes.threadId } : {}),
            ...(changes.excerpt !== undefined ? { excerpt: changes.excerpt } : {}),
            ...(changes.error !== undefined ? { error: changes.error } : {}),
            ...(finished ? { finished_at: new Date() } : {}),
          })
          .where('id', '=', run.id)
          .execute();
        if (finished) {
          await trx
            .updateTable('tasks')
            .set({
              last_run_at: new Date(),
              last_run_status: changes.status,
              ...((changes.threadId ?? run.thread_id)
                ? { last_thread_id: changes.threadId ?? run.thread_id }
                : {}),
            })
            .where('id', '=', run.task_id)
            .execute();
        }
      });
    },

    /** Newest first, after the (started_at, id) the previous page ended at. */
    listRuns(
      taskId: string,
      limit: number,
      after?: { startedAt: string; id: string },
    ): Promise<TaskRunRow[]> {
      let query = db
        .selectFrom('task_runs')
        .selectAll()
        .where('task_id', '=', taskId)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit);
      if (after) {
        query = query.where((eb) =>
          eb.or([
            eb('started_at', '<', new Date(after.startedAt)),
            eb.and([eb('started_at', '=', new Date(after.startedAt)), eb('id', '<', after.id)]),
          ]),
        );
      }
      return query.execute();
    },
  };
}

export type TaskRepository = ReturnType<typeof createTaskRepository>;
