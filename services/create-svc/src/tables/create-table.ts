import { randomUUID } from 'node:crypto';
import type { AuthUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import type { TableContent } from '../artifacts/artifact-content.ts';
import { insertArtifact } from '../artifacts/artifact-repository.ts';
import type { ArtifactRow } from '../db/schema.ts';
import type { CreateContext } from '../deps.ts';
import type { TableInput } from '../wire-schemas.ts';
import { checkedGivenData } from './given-data.ts';
import { tableFromData, tableToCsv } from './table-from-data.ts';
import { generateTable, type TableRequest } from './table-model.ts';
import type { TableData } from './table-shape.ts';

/** The thread's latest answer and its sources, read as the caller (404 when not theirs). */
async function threadContext(ctx: CreateContext, threadId: string): Promise<TableRequest['thread']> {
  const thread = await ctx.library.ownThread(threadId);
  if (!thread) throw notFound('Thread');
  const message = thread.messages.findLast((candidate) => candidate.answer.trim().length > 0);
  if (!message) throw new ApiError('conflict', 'The thread has no answer to make a table from yet');
  const budget = ctx.config.TABLE_MODEL_CONTEXT_CHARS;
  return {
    question: message.query.slice(0, 2_000),
    answer: message.answer.slice(0, budget),
    sources: message.sources.slice(0, 50),
  };
}

/**
 * A table artifact. Without a prompt, the given data is the table (typed columns inferred; no
 * model). With one, the model builds it from the prompt, the data and the thread, and its reply
 * is validated (generateTable); without a model that is 503 `not_configured`.
 */
export async function createTable(
  ctx: CreateContext,
  user: AuthUser,
  input: TableInput,
): Promise<ArtifactRow> {
  const given = input.data
    ? tableFromData(checkedGivenData(input.data, ctx.config.TABLE_MAX_DATA_BYTES), ctx.tableLimits)
    : null;
  let title: string;
  let table: TableData;
  let origin: Record<string, unknown>;
  if (input.prompt === undefined) {
    table = given as TableData;
    title = input.title ?? 'Table';
    origin = { type: 'data', format: input.data?.format };
  } else {
    if (!ctx.tableModel) {
      throw new ApiError(
        'not_configured',
        'Tables from a prompt need a language model (set LLM_PROVIDER); a table can still be made from data you give',
      );
    }
    const thread = input.threadId ? await threadContext(ctx, input.threadId) : undefined;
    const generated = await generateTable(
      ctx.tableModel,
      {
        prompt: input.prompt,
        ...(given ? { dataCsv: tableToCsv(given).slice(0, ctx.config.TABLE_MODEL_CONTEXT_CHARS) } : {}),
        ...(thread ? { thread } : {}),
      },
      ctx.tableLimits,
      { timeoutMs: ctx.config.MODEL_TIMEOUT_MS },
    );
    table = { columns: generated.columns, rows: generated.rows };
    title = input.title ?? generated.title;
    origin = {
      type: 'prompt',
      prompt: input.prompt,
      model: ctx.tableModel.name,
      ...(input.threadId ? { threadId: input.threadId } : {}),
      ...(input.data ? { dataFormat: input.data.format } : {}),
    };
  }
  return insertArtifact(ctx.db, {
    id: randomUUID(),
    userId: user.id,
    orgId: user.orgId,
    kind: 'table',
    status: 'ready',
    title,
    content: { columns: table.columns, rows: table.rows } satisfies TableContent as unknown as Record<
      string,
      unknown
    >,
    origin,
  });
}
