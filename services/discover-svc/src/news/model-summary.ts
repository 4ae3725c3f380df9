import type { ChatModel } from '@perplexica/llm';
import { z } from 'zod';
import type { StoryDraft } from './story.ts';

/** Writes a story's summary with a language model; null when the model's answer is not usable. */
export interface StorySummarizer {
  /** e.g. "openai:gpt-4o-mini": part of the memo key, so a new model writes new summaries. */
  readonly name: string;
  summarize(story: StoryDraft, signal: AbortSignal): Promise<string | null>;
}

/** OpenAI strict structured output: every property required, nothing else allowed. */
export const summaryJsonSchema = {
  type: 'object',
  properties: {
    summary: {
      type: 'string',
      description: 'Two or three neutral sentences, each ending with the [n] of the sources it comes from.',
    },
  },
  required: ['summary'],
  additionalProperties: false,
} as const;

const summaryReply = z.object({ summary: z.string().trim().min(1).max(2_000) });

export const SUMMARY_PROMPT = `You write the short summary shown under a news story on a news page.
Several outlets' reports of the same event are given, numbered [1], [2], ...
Write two or three neutral, factual sentences saying what happened, using only what the reports say: no opinions, no speculation, nothing from elsewhere.
End every sentence with the number of each report it relies on, like [1] or [1][3]; use only the numbers given.
Reply with JSON {"summary": "..."}.`;

/** The reports as the model reads them: number, outlet, date, headline, lede. */
export function storyPrompt(story: StoryDraft): string {
  const reports = story.articles.map((article, index) => {
    const date = article.publishedAt ? ` (${article.publishedAt})` : '';
    return `[${index + 1}] ${article.outlet}${date}: ${article.title}\n${article.snippet}`;
  });
  return `Story: ${story.title}\n\n${reports.join('\n\n')}`;
}

/**
 * The model's summary with only citations of real sources left: an [n] beyond the story's
 * sources is dropped (a model can invent numbers), and a summary left citing nothing is refused,
 * since the page promises every summary is traceable to its reports.
 */
export function parseSummary(content: string, sourceCount: number): string | null {
  const unfenced = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(unfenced);
  } catch {
    return null;
  }
  const parsed = summaryReply.safeParse(raw);
  if (!parsed.success) return null;
  let cited = 0;
  const summary = parsed.data.summary
    .replace(/\[(\d{1,3})\]/g, (citation, number: string) => {
      const n = Number(number);
      if (n < 1 || n > sourceCount) return '';
      cited++;
      return citation;
    })
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return cited > 0 ? summary : null;
}

/** A summarizer over any chat model (@perplexica/llm), at temperature 0: the same reports, the same summary. */
export function modelSummarizer(model: ChatModel, providerName: string): StorySummarizer {
  return {
    name: `${providerName}:${model.name}`,
    async summarize(story, signal) {
      const reply = await model.complete({
        messages: [
          { role: 'system', content: SUMMARY_PROMPT },
          { role: 'user', content: storyPrompt(story) },
        ],
        schema: { name: 'story_summary', schema: summaryJsonSchema as unknown as Record<string, unknown> },
        temperature: 0,
        maxTokens: 400,
        signal,
      });
      return parseSummary(reply.text, story.articles.length);
    },
  };
}
