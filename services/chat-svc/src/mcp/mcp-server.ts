import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Context } from 'hono';
import type { ChatContext, ChatEnv } from '../deps.ts';
import { registerAskTool } from './ask-tool.ts';
import { registerSearchTool } from './search-tool.ts';

const instructions =
  'Perplexica, a web answer engine. `search` returns web results (title, URL, snippet, date); ' +
  '`ask` returns a written answer whose [n] citations point to the numbered sources it lists. ' +
  'Prefer `ask` for a question, `search` to find pages yourself.';

/**
 * The MCP server for one HTTP request: its tools act as the signed-in caller of that request
 * (`c.var.user`). Stateless by design: every replica can answer every request, and nothing lives
 * between requests.
 */
export function createMcpServer(ctx: ChatContext, c: Context<ChatEnv>): McpServer {
  const server = new McpServer(
    { name: 'perplexica', title: 'Perplexica', version: '1.0.0' },
    { instructions },
  );
  registerSearchTool(server, { search: ctx.search, logger: c.get('logger') });
  registerAskTool(server, ctx, c);
  return server;
}
