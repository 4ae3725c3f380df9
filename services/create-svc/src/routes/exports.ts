import { notFound } from '@perplexica/errors';
import { pathParams, queryParams } from '@perplexica/http';
import { type Context, Hono } from 'hono';
import { auditAnonymousAction, auditCallerAction } from '../audit.ts';
import type { CreateContext, CreateEnv } from '../deps.ts';
import { attachmentDisposition } from '../exports/download-name.ts';
import { renderExport } from '../exports/render-export.ts';
import { threadDocument } from '../exports/thread-document.ts';
import type { LibraryThread } from '../library/library-client.ts';
import { type ExportFormat, exportQuery, threadPath } from '../wire-schemas.ts';

async function download(
  c: Context<CreateEnv>,
  ctx: CreateContext,
  thread: LibraryThread,
  format: ExportFormat,
  fallbackName: string,
): Promise<Response> {
  const document = threadDocument(thread);
  const rendered = await renderExport(document, format, ctx.pdfFonts);
  c.header('content-type', rendered.contentType);
  c.header('content-disposition', attachmentDisposition(document.title, rendered.extension, fallbackName));
  // A thread can be deleted or unshared at any time: no copy is kept by a proxy or the browser.
  c.header('cache-control', 'no-store');
  c.header('x-content-type-options', 'nosniff');
  return c.body(rendered.body);
}

/**
 * Threads as downloads (Markdown, PDF, DOCX). The thread is read from library-svc as the caller,
 * so a thread that is not theirs is library-svc's 404, passed on as ours.
 */
export function exportRoutes(ctx: CreateContext): Hono<CreateEnv> {
  const app = new Hono<CreateEnv>();
  app.get('/threads/:id', async (c) => {
    const { id } = pathParams(c, threadPath);
    const { format } = queryParams(c, exportQuery);
    const thread = await ctx.library.ownThread(id);
    if (!thread) throw notFound('Thread');
    const response = await download(c, ctx, thread, format, `thread-${id.slice(0, 8)}`);
    auditCallerAction(c, ctx, {
      action: 'export.thread',
      target: { type: 'thread', id },
      details: { format },
    });
    return response;
  });
  return app;
}

const shareIdShape = /^[A-Za-z0-9_-]{1,100}$/;

/** A shared thread (public link) as a download, for anyone holding the link. */
export function sharedExportRoutes(ctx: CreateContext): Hono<CreateEnv> {
  const app = new Hono<CreateEnv>();
  app.get('/:shareId', async (c) => {
    const shareId = c.req.param('shareId');
    const { format } = queryParams(c, exportQuery);
    // Like library-svc: a malformed, unknown or revoked link is the same 404.
    const thread = shareIdShape.test(shareId) ? await ctx.library.sharedThread(shareId) : null;
    if (!thread) throw notFound('Shared thread');
    const response = await download(c, ctx, thread, format, 'shared-thread');
    auditAnonymousAction(c, ctx, {
      action: 'export.thread',
      target: { type: 'shared_thread', id: shareId },
      details: { format },
    });
    return response;
  });
  return app;
}
