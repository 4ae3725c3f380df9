import type { ChatModel, ModelUsage } from '@perplexica/llm';

export interface UsageTally extends ModelUsage {
  modelCalls: number;
}

/** The model with every call's usage added to one answer's tally (the research agent's calls too). */
export function countingModel(model: ChatModel, tally: UsageTally): ChatModel {
  const counted: ChatModel = {
    name: model.name,
    async *stream(request) {
      tally.modelCalls += 1;
      for await (const chunk of model.stream(request)) {
        if ('usage' in chunk) {
          tally.promptTokens += chunk.usage.promptTokens;
          tally.completionTokens += chunk.usage.completionTokens;
        }
        yield chunk;
      }
    },
    async complete(request) {
      tally.modelCalls += 1;
      const reply = await model.complete(request);
      tally.promptTokens += reply.usage.promptTokens;
      tally.completionTokens += reply.usage.completionTokens;
      return reply;
    },
  };
  if (model.embed) counted.embed = model.embed.bind(model);
  return counted;
}
