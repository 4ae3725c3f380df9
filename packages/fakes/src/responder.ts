import { countTokens, keywords } from './words.ts';

/** A chat message as either API sends it; content may be OpenAI's array of parts. */
export interface ChatMessage {
  role: string;
  content?: unknown;
  tool_calls?: unknown[];
  tool_call_id?: string;
  name?: string;
}

/** A tool as both OpenAI and Ollama describe it. */
export interface ToolDefinition {
  type?: string;
  function?: { name: string; description?: string; parameters?: unknown };
}

export interface ResponderRequest {
  messages: ChatMessage[];
  tools: ToolDefinition[];
  model: string;
  stream: boolean;
  response_format: unknown;
}

export interface ResponderToolCall {
  name: string;
  arguments: object;
}

export interface ResponderReply {
  content?: string;
  toolCalls?: ResponderToolCall[];
}

/** Decides what the fake model says; swap it per test with `setResponder`. */
export type Responder = (req: ResponderRequest) => ResponderReply | Promise<ResponderReply>;

/** The text of a message, joining OpenAI content parts. */
export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && 'text' in part ? String(part.text) : ''))
      .filter(Boolean)
      .join('\n');
  }
  return '';
}

export function lastUserText(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'user') return messageText(message);
  }
  return '';
}

/** Prompt size in the fakes' usage figures. */
export function promptTokens(messages: readonly ChatMessage[]): number {
  let total = 0;
  for (const message of messages) total += countTokens(messageText(message));
  return total;
}

const THINKING = '<think>Reasoning about the question.</think>';

/**
 * The deterministic default model:
 * (a) tools offered and no tool result since the last user message → call the search tool;
 * (b) a prompt mentioning "related questions" → `{"questions":[3]}`;
 * (c) a prompt mentioning "search queries" → `{"queries":[question]}`;
 * (d) otherwise an answer citing the `[n]` sources found in the prompt.
 * `THINK` in the last user message prefixes a <think> block.
 */
export const defaultResponder: Responder = ({ messages, tools }) => {
  const question = lastUserText(messages);
  const toolCall = pendingToolCall(messages, tools, question);
  if (toolCall) return { toolCalls: [toolCall] };
  const prefix = question.includes('THINK') ? THINKING : '';
  const prompt = messages.map(messageText).join('\n').toLowerCase();
  const topic = questionTopic(question);
  if (prompt.includes('related questions')) {
    return { content: prefix + JSON.stringify({ questions: relatedQuestions(topic) }) };
  }
  if (prompt.includes('search queries')) {
    return { content: prefix + JSON.stringify({ queries: [questionLine(question)] }) };
  }
  return { content: prefix + answerFromSources(messages, topic) };
};

function pendingToolCall(
  messages: readonly ChatMessage[],
  tools: readonly ToolDefinition[],
  question: string,
): ResponderToolCall | undefined {
  const names = tools.map((tool) => tool.function?.name).filter((name): name is string => Boolean(name));
  if (names.length === 0) return undefined;
  const lastUser = messages.findLastIndex((message) => message.role === 'user');
  if (messages.slice(lastUser + 1).some((message) => message.role === 'tool')) return undefined;
  const name = names.find((candidate) => candidate.toLowerCase().includes('search')) ?? names[0];
  return name ? { name, arguments: { query: question } } : undefined;
}

/** A prompt may wrap the question ("Question: ..."); prefer that line, else the first line. */
function questionLine(text: string): string {
  const tagged = text.match(/^\s*(?:question|query|follow[- ]up question)\s*:\s*(.+)$/im)?.[1];
  const line = tagged ?? text.split('\n').find((candidate) => candidate.trim()) ?? '';
  return line.replace('THINK', '').trim();
}

/** A few keywords naming what the question is about, for templated questions and fallbacks. */
function questionTopic(question: string): string {
  const words = keywords(questionLine(question).replace('THINK', '')).slice(0, 6);
  return words.length > 0 ? words.join(' ') : 'this topic';
}

function relatedQuestions(topic: string): string[] {
  return [
    `What is the history of ${topic}?`,
    `How does ${topic} compare to the alternatives?`,
    `What are the latest developments in ${topic}?`,
  ];
}

interface Source {
  n: number;
  sentences: string[];
}

/** Lines like `[3] Title ...` start a source; following lines until the next one belong to it. */
function findSources(messages: readonly ChatMessage[]): Source[] {
  const byNumber = new Map<number, string[]>();
  for (const message of messages) {
    let current: string[] | undefined;
    for (const line of messageText(message).split('\n')) {
      const start = line.match(/^\s*\[(\d+)\]\s*(.*)$/);
      if (start) {
        const n = Number(start[1]);
        current = byNumber.get(n) ?? [];
        byNumber.set(n, current);
        current.push(start[2] ?? '');
      } else if (current && line.trim()) current.push(line);
      else current = undefined;
    }
  }
  return [...byNumber.entries()].map(([n, lines]) => ({ n, sentences: sentencesOf(lines) }));
}

/**
 * Sentences of at least four words, trimmed to 20, URLs and field labels dropped. Real sentences
 * (ending in . ! ?) come first, and the `[n]` line itself (usually the title) is used only when the
 * source has nothing else.
 */
function sentencesOf(lines: readonly string[]): string[] {
  const complete: string[] = [];
  const fragments: string[] = [];
  const [first = '', ...rest] = lines;
  const titleLast = rest.some((line) => line.trim()) ? [...rest, first] : lines;
  for (const [i, line] of titleLast.entries()) {
    const isTitle = titleLast !== lines && i === titleLast.length - 1;
    const cleaned = line
      .replace(/\b[a-z]+:\/\/\S+/gi, ' ')
      .replace(/\b(?:url|title|content|snippet)\s*:/gi, ' ');
    for (const raw of cleaned.split(/(?<=[.!?])\s+/)) {
      const sentence = raw
        .replace(/[^\p{L}\p{N}\s,'%-]/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      const words = sentence.split(' ');
      if (words.length < 4) continue;
      (!isTitle && /[.!?]\s*$/.test(raw) ? complete : fragments).push(words.slice(0, 20).join(' '));
    }
  }
  return [...complete, ...fragments];
}

/** 2-4 sentences, each built from one source's words and ending with ` [n]`. */
function answerFromSources(messages: readonly ChatMessage[], topic: string): string {
  const sources = findSources(messages).filter((source) => source.sentences.length > 0);
  if (sources.length === 0) return `Here is a short answer about ${topic}. No sources were provided.`;
  const count = Math.min(4, Math.max(2, sources.length));
  const sentences: string[] = [];
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length] as Source;
    // With fewer sources than sentences, later rounds take each source's next sentence.
    const text = source.sentences[Math.floor(i / sources.length)];
    sentences.push(
      text
        ? `${text.charAt(0).toUpperCase()}${text.slice(1)}. [${source.n}]`
        : `The cited source has more on ${topic}. [${source.n}]`,
    );
  }
  return sentences.join(' ');
}
