import { createHash, randomUUID } from 'node:crypto';
import { notFound } from '@perplexica/errors';
import { jsonBody, pathParams, queryParams, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import type { UploadContext, UploadEnv } from '../deps.ts';
import { deleteFiles, filesOfSpace, findDocument, insertFile, replaceDocument } from '../file-repository.ts';
import { objectKeyOf } from '../intake/receive-upload.ts';
import { searchFiles } from '../search/file-search.ts';
import { fileView } from '../views.ts';
import { documentInput, documentQuery, searchInput, spacePath } from '../wire-schemas.ts';
import { removeObjects } from './files.ts';

/** Calls from chat-svc and projects-svc only (x-service-token); 404 to everyone else. */
export function internalRoutes(ctx: UploadContext): Hono<UploadEnv> {
  const app = new Hono<UploadEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));
  const documentBody = documentInput(ctx.config.MAX_DOCUMENT_CHARS);

  // The caller has checked the user may read the space (chat-svc asks projects-svc first).
  app.post('/search', async (c) => {
    const input = await jsonBody(c, searchInput);
    const scope = input.spaceId
      ? { kind: 'space' as const, id: input.spaceId }
      : { kind: 'user' as const, id: input.userId };
    const results = await searchFiles(
      { db: ctx.db, embedder: ctx.embedder, cache: ctx.cache, logger: ctx.logger },
      scope,
      input.query,
      input.limit,
    );
    return c.json({ results });
  });

  // A connector's document: stored like an upload, replaced when its content changes.
  app.put('/documents', async (c) => {
    const input = await jsonBody(c, documentBody);
    const bytes = Buffer.from(input.content, 'utf8');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing = await findDocument(ctx.db, input.spaceId, input.sourceKey);
    if (existing && existing.sha256 === sha256 && existing.status !== 'failed') {
      return c.json({ file: fileView(existing), changed: false }, 200);
    }
    const id = existing?.id ?? randomUUID();
    const objectKey = existing?.object_key ?? objectKeyOf(id);
    await ctx.store.put(objectKey, bytes, { 'Content-Type': input.mediaType }, bytes.length);
    const changes = {
      name: input.name,
      size: bytes.length,
      sha256,
      sourceUrl: input.url,
      mediaType: input.mediaType,
    };
    const file = existing
      ? await replaceDocument(ctx.db, existing.id, changes)
      : await insertFile(ctx.db, {
          id,
          objectKey,
          ownerId: input.ownerId,
          orgId: input.orgId ?? null,
          spaceId: input.spaceId,
          source: 'connector',
          sourceKey: input.sourceKey,
          ...changes,
        });
    await ctx.files.enqueue(file.id);
    return c.json({ file: fileView(file), changed: true }, 202);
  });

  app.delete('/documents', async (c) => {
    const { spaceId, sourceKey } = queryParams(c, documentQuery);
    const existing = await findDocument(ctx.db, spaceId, sourceKey);
    if (!existing) throw notFound('Document');
    await deleteFiles(ctx.db, [existing.id]);
    await removeObjects(ctx, [existing.object_key]);
    return c.body(null, 204);
  });

  app.delete('/spaces/:spaceId/files', async (c) => {
    const { spaceId } = pathParams(c, spacePath);
    const removed = await deleteFiles(
      ctx.db,
      (await filesOfSpace(ctx.db, spaceId)).map((file) => file.id),
    );
    await removeObjects(
      ctx,
      removed.map((file) => file.object_key),
    );
    return c.body(null, 204);
  });

  return app;
}
