import { describe, expect, it } from 'vitest';
import { type ChatMessage, defaultResponder, embed, type ToolDefinition } from '../src/index.ts';

const ask = (messages: ChatMessage[], tools: ToolDefinition[] = []) =>
  defaultResponder({ messages, tools, model: 'm', stream: false, response_format: undefined });

const tool = (name: string): ToolDefinition => ({ type: 'function', function: { name } });

const context = [
  '<context>',
  '[1] Photosynthesis - Wikipedia',
  'URL: https://en.wikipedia.org/wiki/Photosynthesis',
  'Photosynthesis converts light energy into chemical energy. Chlorophyll absorbs sunlight in leaves.',
  '',
  '[2] What Is a Black Hole? | NASA',
  'A black hole is a region where gravity is so strong that light cannot escape.',
  '</context>',
].join('\n');

describe('defaultResponder', () => {
  it('calls the first tool named like search, else the first tool', async () => {
    const messages = [{ role: 'user', content: 'what is CRISPR' }];
    expect(await ask(messages, [tool('calculator'), tool('searchWeb')])).toEqual({
      toolCalls: [{ name: 'searchWeb', arguments: { query: 'what is CRISPR' } }],
    });
    expect(await ask(messages, [tool('calculator')])).toEqual({
      toolCalls: [{ name: 'calculator', arguments: { query: 'what is CRISPR' } }],
    });
  });

  it('answers once a tool result follows the last user message, but calls again for a new question', async () => {
    const afterTool = await ask(
      [
        { role: 'user', content: 'what is photosynthesis' },
        { role: 'assistant', tool_calls: [{ id: 'c1' }] },
        { role: 'tool', tool_call_id: 'c1', content: context },
      ],
      [tool('search')],
    );
    expect(afterTool.toolCalls).toBeUndefined();
    expect(afterTool.content).toContain('[1]');
    const followUp = await ask(
      [
        { role: 'user', content: 'what is photosynthesis' },
        { role: 'tool', tool_call_id: 'c1', content: context },
        { role: 'assistant', content: 'It is...' },
        { role: 'user', content: 'and black holes?' },
      ],
      [tool('search')],
    );
    expect(followUp.toolCalls?.[0]?.arguments).toEqual({ query: 'and black holes?' });
  });

  it('writes 2-4 sentences from the sources, each ending with an existing citation', async () => {
    const { content } = await ask([
      { role: 'system', content: context },
      { role: 'user', content: 'Tell me about photosynthesis and black holes' },
    ]);
    const sentences = content?.match(/[^[\]]+? \[\d+\]/g) ?? [];
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(4);
    for (const sentence of sentences) expect(sentence).toMatch(/ \[[12]\]$/);
    expect(content).toContain('Photosynthesis converts light energy into chemical energy. [1]');
    expect(content).toContain(
      'A black hole is a region where gravity is so strong that light cannot escape. [2]',
    );
    expect(content).not.toContain('https://');
  });

  it("takes a source's next sentence when there are fewer sources than sentences", async () => {
    const [, ...oneSource] = context.split('\n').slice(0, 5);
    const { content } = await ask([{ role: 'user', content: oneSource.join('\n') }]);
    expect(content).toBe(
      'Photosynthesis converts light energy into chemical energy. [1] Chlorophyll absorbs sunlight in leaves. [1]',
    );
  });

  it('reads sources given as OpenAI content parts', async () => {
    const { content } = await ask([
      { role: 'user', content: [{ type: 'text', text: `${context}\nQuestion: what do leaves do?` }] },
    ]);
    expect(content).toContain('Photosynthesis converts light energy into chemical energy. [1]');
  });

  it('answers plainly without sources', async () => {
    const { content } = await ask([{ role: 'user', content: 'What is the capital of France?' }]);
    expect(content).toBe('Here is a short answer about capital france. No sources were provided.');
  });

  it('suggests three related questions as JSON', async () => {
    const { content } = await ask([
      { role: 'system', content: 'Suggest related questions the user may ask next, as JSON.' },
      { role: 'user', content: 'Question: How do solar panels work?\nAnswer: They use cells.' },
    ]);
    const parsed = JSON.parse(content ?? '') as { questions: string[] };
    expect(parsed.questions).toHaveLength(3);
    for (const question of parsed.questions) expect(question).toContain('solar panels work');
  });

  it('rewrites the question into search queries as JSON', async () => {
    const { content } = await ask([
      { role: 'system', content: 'Rewrite the question as search queries. Reply {"queries":[...]}' },
      { role: 'user', content: 'How do solar panels work?' },
    ]);
    expect(JSON.parse(content ?? '')).toEqual({ queries: ['How do solar panels work?'] });
  });

  it('prefixes a think block when asked to THINK', async () => {
    const { content } = await ask([{ role: 'user', content: 'THINK about inflation' }]);
    expect(content).toMatch(/^<think>Reasoning about the question\.<\/think>Here is a short answer about/);
  });

  it('is deterministic', async () => {
    const messages = [
      { role: 'system', content: context },
      { role: 'user', content: 'Tell me more' },
    ];
    expect(await ask(messages)).toEqual(await ask(messages));
  });
});

describe('embed', () => {
  it('gives the same unit vector for the same text, and a valid one for empty text', () => {
    const a = embed('Solar panels');
    expect(embed('solar   PANELS')).toEqual(a);
    expect(Math.hypot(...a)).toBeCloseTo(1, 10);
    expect(Math.hypot(...embed(''))).toBeCloseTo(1, 10);
  });
});
