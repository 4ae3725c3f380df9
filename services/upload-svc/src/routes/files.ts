import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { currentUser } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import { pathParams, queryParams } from '@perplexica/http';
import { type Context, Hono } from 'hono';
import { auditCallerAction } from '../audit.ts';
import type { UploadContext, UploadEnv } from '../deps.ts';
import { accessibleFile, requireSpaceRole } from '../file-access.ts';
import { deleteFiles, findDuplicate, insertFile, listFiles, setStatus } from '../file-repository.ts';
import { receiveUpload } from '../intake/receive-upload.ts';
import { PDF } from '../intake/sniff-type.ts';
import { fileView } from '../views.ts';
import { downloadQuery, filePath, listQuery, uploadQuery } from '../wire-schemas.ts';

/** The node request under @hono/node-server; a web Request (app.request in a test) is adapted. */
function requestBody(c: Context<UploadEnv>) {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming) return { headers: incoming.headers, body: incoming };
  const headers = Object.fromEntries(c.req.raw.headers);
  const body = c.req.raw.body ? Readable.fromWeb(c.req.raw.body as never) : Readable.from([]);
  return { headers, body };
}

/** The signed-in user's files: upload, list, read, download, retry, delete. */
export function fileRoutes(ctx: UploadContext): Hono<UploadEnv> {
  const app = new Hono<UploadEnv>();

  app.post('/', async (c) => {
    const user = currentUser(c);
    const { spaceId } = queryParams(c, uploadQuery);
    if (spaceId) await requireSpaceRole(ctx.spaces, spaceId, user, 'write');
    const received = await receiveUpload(requestBody(c), ctx.store, ctx.config.UPLOAD_MAX_BYTES);
    // The same bytes again in the same place: the existing file answers, nothing is stored twice.
    const duplicate = await findDuplicate(ctx.db, user.id, spaceId ?? null, received.sha256);
    if (duplicate) {
      await ctx.store.remove(received.objectKey);
      return c.json({ file: fileView(duplicate), duplicate: true }, 200);
    }
    let file: Awaited<ReturnType<typeof insertFile>>;
    try {
      file = await insertFile(ctx.db, {
        ...received,
        ownerId: user.id,
        orgId: user.orgId,
        spaceId: spaceId ?? null,
      });
    } catch (error) {
      await ctx.store.remove(received.objectKey).catch(() => {});
      throw error;
    }
    // A failed enqueue leaves the file queued: the worker's sweep picks it up later.
    await ctx.files
      .enqueue(file.id)
      .catch((error) => ctx.logger.warn({ err: error, fileId: file.id }, 'enqueue failed'));
    auditCallerAction(c, ctx, {
      action: 'file.upload',
      target: { type: 'file', id: file.id },
      details: { name: file.name, mediaType: file.media_type, sizeBytes: file.size, spaceId: file.space_id },
    });
    return c.json({ file: fileView(file) }, 202);
  });

  app.get('/files', async (c) => {
    const user = currentUser(c);
    const { spaceId, status } = queryParams(c, listQuery);
    if (spaceId) await requireSpaceRole(ctx.spaces, spaceId, user, 'read');
    const rows = await listFiles(
      ctx.db,
      spaceId ? { kind: 'space', id: spaceId } : { kind: 'user', id: user.id },
      status,
    );
    return c.json({ files: rows.map(fileView) });
  });

  app.get('/files/:id', async (c) => {
    const { id } = pathParams(c, filePath);
    return c.json({ file: fileView(await accessibleFile(ctx.db, ctx.spaces, id, currentUser(c), 'read')) });
  });

  app.get('/files/:id/download', async (c) => {
    const { id } = pathParams(c, filePath);
    const { disposition } = queryParams(c, downloadQuery);
    const file = await accessibleFile(ctx.db, ctx.spaces, id, currentUser(c), 'read');
    const seconds = ctx.config.DOWNLOAD_URL_SECONDS;
    // Inline only for types a browser shows safely as they are; HTML would run in the store's origin.
    const inline =
      disposition === 'inline' && (file.media_type === PDF || file.media_type.startsWith('text/plain'));
    const url = await ctx.store.presignedDownload(file.object_key, seconds, file.name, {
      inline,
      contentType: file.media_type,
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ url, expiresAt: new Date(Date.now() + seconds * 1000).toISOString() });
  });

  app.post('/files/:id/retry', async (c) => {
    const { id } = pathParams(c, filePath);
    const file = await accessibleFile(ctx.db, ctx.spaces, id, currentUser(c), 'write');
    if (file.status !== 'failed')
      throw new ApiError('conflict', `Only a failed file can be retried; this one is ${file.status}`);
    const queued = await setStatus(ctx.db, id, 'queued');
    await ctx.files.enqueue(id);
    return c.json({ file: fileView(queued ?? file) }, 202);
  });

  app.delete('/files/:id', async (c) => {
    const { id } = pathParams(c, filePath);
    const file = await accessibleFile(ctx.db, ctx.spaces, id, currentUser(c), 'write');
    await deleteFiles(ctx.db, [file.id]);
    await removeObjects(ctx, [file.object_key]);
    auditCallerAction(c, ctx, {
      action: 'file.delete',
      target: { type: 'file', id: file.id },
      details: { name: file.name, spaceId: file.space_id },
    });
    return c.body(null, 204);
  });

  return app;
}

/** The originals go after the rows: a failure here leaves an unreachable object, never a broken file. */
export async function removeObjects(ctx: UploadContext, keys: string[]): Promise<void> {
  for (const key of keys) {
    await ctx.store
      .remove(key)
      .catch((error) => ctx.logger.warn({ err: error, key }, 'object removal failed'));
  }
}
