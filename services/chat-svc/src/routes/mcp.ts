import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { ApiError } from '@perplexica/errors';
import { Hono } from 'hono';
import type { ChatContext, ChatEnv } from '../deps.ts';
import { createMcpServer } from '../mcp/mcp-server.ts';

/**
 * The MCP endpoint (Streamable HTTP, stateless): each POST carries JSON-RPC messages and gets
 * its answer as JSON or, for a tool call, an SSE stream with progress and then the result. The
 * SDK's web-standard transport takes Hono's Request and returns a Response, so no Node req/res
 * bridging is needed. Mounted behind `mcpSignedIn` (app.ts).
 */
export function mcpRoutes(ctx: ChatContext): Hono<ChatEnv> {
  const app = new Hono<ChatEnv>();

  app.post('/', async (c) => {
    const server = createMcpServer(ctx, c);
    // No session id: a fresh server and transport per request, so any replica serves any request.
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await server.connect(transport);
    const request = c.req.raw;
    // A client that hangs up mid-answer: closing the server aborts its tool calls (the answer's
    // model call stops with them).
    request.signal.addEventListener('abort', () => void server.close(), { once: true });
    return transport.handleRequest(request);
  });

  // Nothing is ever sent outside a request's own response, and there is no session to end: the
  // spec's answer to GET (a listening stream) and DELETE (end the session) is then 405.
  app.on(['GET', 'DELETE'], '/', () => {
    throw new ApiError(
      'method_not_allowed',
      'This MCP endpoint is stateless: send JSON-RPC messages with POST; there is no stream to open or session to end',
      { headers: { Allow: 'POST' } },
    );
  });

  return app;
}
