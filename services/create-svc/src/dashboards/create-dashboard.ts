import { randomUUID } from 'node:crypto';
import type { AuthUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import type { DashboardContent, TableContent } from '../artifacts/artifact-content.ts';
import { findOwnedArtifact, insertArtifact } from '../artifacts/artifact-repository.ts';
import type { ArtifactRow } from '../db/schema.ts';
import type { CreateContext } from '../deps.ts';
import { checkedGivenData } from '../tables/given-data.ts';
import { tableFromData } from '../tables/table-from-data.ts';
import type { TableData } from '../tables/table-shape.ts';
import type { DashboardInput } from '../wire-schemas.ts';
import { chartIssues, DASHBOARD_SPEC_VERSION } from './chart-spec.ts';

/**
 * A dashboard artifact: chart specs checked against their data (given, or one of the caller's
 * tables), stored with a snapshot of that data so it renders even if the table goes.
 */
export async function createDashboard(
  ctx: CreateContext,
  user: AuthUser,
  input: DashboardInput,
): Promise<ArtifactRow> {
  let data: TableData;
  let origin: Record<string, unknown>;
  if (input.tableId !== undefined) {
    const table = await findOwnedArtifact(ctx.db, user.id, input.tableId);
    if (table?.kind !== 'table') throw notFound('Table');
    data = table.content as unknown as TableContent;
    origin = { type: 'table', tableId: table.id };
  } else {
    const given = checkedGivenData(
      input.data as NonNullable<DashboardInput['data']>,
      ctx.config.TABLE_MAX_DATA_BYTES,
    );
    data = tableFromData(given, ctx.tableLimits);
    origin = { type: 'data', format: given.format };
  }
  const issues = chartIssues(input.charts, data.columns, data.rows);
  const first = issues[0];
  if (first) {
    throw new ApiError('validation_failed', `${first.path}: ${first.message}`, { details: issues });
  }
  const content: DashboardContent = {
    version: DASHBOARD_SPEC_VERSION,
    charts: input.charts,
    columns: data.columns,
    rows: data.rows,
  };
  return insertArtifact(ctx.db, {
    id: randomUUID(),
    userId: user.id,
    orgId: user.orgId,
    kind: 'dashboard',
    status: 'ready',
    title: input.title,
    content: content as unknown as Record<string, unknown>,
    origin,
  });
}
