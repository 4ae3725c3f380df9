import { Readable } from 'node:stream';
import { currentUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { pathParams, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { DashboardContent, TableContent } from '../artifacts/artifact-content.ts';
import { deleteOwnedArtifact, findOwnedArtifact, listArtifacts } from '../artifacts/artifact-repository.ts';
import { artifactView, downloadName } from '../artifacts/artifact-views.ts';
import { decodeCursor } from '../artifacts/cursor.ts';
import type { CreateContext, CreateEnv } from '../deps.ts';
import { attachmentDisposition } from '../exports/download-name.ts';
import { tableToCsv } from '../tables/table-from-data.ts';
import { artifactPath, listQuery } from '../wire-schemas.ts';

const isMissingObject = (error: unknown) => {
  const code = (error as { code?: string }).code;
  return code === 'NoSuchKey' || code === 'NotFound';
};

/** The caller's artifacts: list, read, download, delete. Another user's artifact is 404. */
export function artifactRoutes(ctx: CreateContext): Hono<CreateEnv> {
  const app = new Hono<CreateEnv>();
  const viewOptions = (withRows: boolean) => ({
    store: ctx.store,
    urlSeconds: ctx.config.IMAGE_URL_SECONDS,
    withRows,
  });

  app.get('/', async (c) => {
    const query = queryParams(c, listQuery);
    const page = await listArtifacts(ctx.db, currentUser(c).id, {
      limit: query.limit,
      kind: query.kind,
      cursor: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    });
    const artifacts = await Promise.all(page.artifacts.map((row) => artifactView(row, viewOptions(false))));
    return c.json({ artifacts, nextCursor: page.nextCursor });
  });

  app.get('/:id', async (c) => {
    const { id } = pathParams(c, artifactPath);
    const row = await findOwnedArtifact(ctx.db, currentUser(c).id, id);
    if (!row) throw notFound('Artifact');
    return c.json({ artifact: await artifactView(row, viewOptions(true)) });
  });

  /** The artifact as a file: a table as CSV, a dashboard as its JSON spec, an image's bytes. */
  app.get('/:id/content', async (c) => {
    const { id } = pathParams(c, artifactPath);
    const row = await findOwnedArtifact(ctx.db, currentUser(c).id, id);
    if (!row) throw notFound('Artifact');
    c.header('cache-control', 'private, no-store');
    c.header('x-content-type-options', 'nosniff');
    const name = downloadName(row);
    if (row.kind === 'table') {
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', attachmentDisposition(name.replace(/\.csv$/, ''), 'csv', 'table'));
      return c.body(tableToCsv(row.content as unknown as TableContent, { forSpreadsheet: true }));
    }
    if (row.kind === 'dashboard') {
      const { version, charts, columns, rows } = row.content as unknown as DashboardContent;
      c.header('content-type', 'application/json; charset=utf-8');
      c.header(
        'content-disposition',
        attachmentDisposition(name.replace(/\.json$/, ''), 'json', 'dashboard'),
      );
      return c.body(JSON.stringify({ title: row.title, version, charts, columns, rows }, null, 2));
    }
    if (row.status !== 'ready' || !row.object_key) {
      throw new ApiError('conflict', `The image is ${row.status === 'failed' ? 'failed' : 'not ready yet'}`, {
        details: { status: row.status },
      });
    }
    let object: Readable;
    try {
      object = await ctx.store.get(row.object_key);
    } catch (error) {
      if (isMissingObject(error)) throw notFound('Image content');
      throw error;
    }
    c.header('content-type', row.content_type ?? 'application/octet-stream');
    if (row.byte_size !== null) c.header('content-length', String(row.byte_size));
    c.header('content-disposition', `inline; filename="${name}"`);
    return c.body(Readable.toWeb(object) as ReadableStream<Uint8Array>);
  });

  app.delete('/:id', async (c) => {
    const { id } = pathParams(c, artifactPath);
    const row = await deleteOwnedArtifact(ctx.db, currentUser(c).id, id);
    if (!row) throw notFound('Artifact');
    if (row.object_key) {
      // The row is gone, so nothing points at the object any more: a failed removal only leaks bytes.
      await ctx.store.remove(row.object_key).catch((error: unknown) => {
        c.get('logger').warn(
          { err: error, objectKey: row.object_key },
          'could not remove an artifact object',
        );
      });
    }
    return c.body(null, 204);
  });

  return app;
}
