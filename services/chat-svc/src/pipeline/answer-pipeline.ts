import { type ChatModel, ModelError, type ModelMessage } from '@perplexica/llm';
import type { SpaceSummary } from '@perplexica/service-clients';
import type { FilesClient } from '../clients/files-client.ts';
import type { AnswerMedia, MediaClient } from '../clients/media-client.ts';
import type { MemoryClient, RecalledMemory } from '../clients/memory-client.ts';
import type { SearchClient, SearchResponse } from '../clients/search-client.ts';
import type { ChatConfig } from '../config.ts';
import { contextWindowOf } from '../providers/create-model.ts';
import type { AnswerSink } from '../streams/answer-events.ts';
import { createCitationFilter } from './citation-filter.ts';
import { pickContext } from './context-budget.ts';
import { countingModel, type UsageTally } from './counting-model.ts';
import { storableSources, withCredibility } from './credibility.ts';
import { extractiveAnswer, pieces } from './extractive-answer.ts';
import { filteredSearch } from './filtered-search.ts';
import { answerLanguage } from './language.ts';
import { type Asker, type Recall, recallMemories, searchOwnFiles } from './own-knowledge.ts';
import { answerSystemPrompt, answerUserPrompt } from './prompts.ts';
import { rewriteQueries } from './query-rewrite.ts';
import { rankCandidates } from './rank-sources.ts';
import { heuristicRelated, modelRelated } from './related-questions.ts';
import type { Focus, Mode } from './request.ts';
import type { ResearchPool } from './research-agent.ts';
import { contextSizePlans, type SearchControls, type SearchPlan } from './search-filters.ts';
import { candidatesFrom, type Source } from './sources.ts';
import { createThinkFilter } from './think-filter.ts';
import { estimateTokens } from './tokens.ts';

export interface AnswerInput {
  question: string;
  mode: Mode;
  focus: Focus;
  language?: string;
  /** Earlier turns as user/assistant messages, oldest first. */
  history: ModelMessage[];
  threadId: string;
  messageId: string;
  signal: AbortSignal;
  /** Who asks: their files and memories are used when the deps include those clients. */
  asker?: Asker;
  /** The space the question is asked in: its files are searched, its instructions followed. */
  space?: SpaceSummary | null;
  /**
   * Sonar's search controls (search-filters.ts): web results outside the filters never become
   * sources; images and related questions can be turned off; the context size sets how much is
   * read. Absent: no filters, images and related questions on, the mode's own plan.
   */
  controls?: SearchControls;
}

export interface AnswerDeps {
  config: ChatConfig;
  model: ChatModel | null;
  search: SearchClient;
  /** upload-svc, for focus "files" and answers in a space (absent: no file search). */
  files?: FilesClient;
  /** memory-svc, for recalled memories (absent: none). */
  memory?: MemoryClient;
  /** media-svc, for images and videos beside web answers (absent: none). */
  media?: MediaClient;
}

export type AnswerStatus = 'complete' | 'incomplete' | 'failed';

export interface AnswerOutcome {
  status: AnswerStatus;
  answer: string;
  sources: Source[];
  related: string[];
  model: string;
  error: { code: string; message: string } | null;
  usage: UsageTally;
  timings: Record<string, number>;
  /** The user keeps AI memory on: the exchange may be handed to memory-svc afterwards. */
  memoryEnabled: boolean;
  memories: RecalledMemory[];
}

/** How much each mode searches and reads (a search_context_size replaces all but the queries). */
const modePlan: Record<Mode, SearchPlan> = {
  speed: { queries: 1, results: 8, readPages: 0, sources: 5 },
  balanced: { queries: 3, results: 10, readPages: 3, sources: 8 },
  learn: { queries: 2, results: 10, readPages: 2, sources: 6 },
  quality: { queries: 4, results: 10, readPages: 4, sources: 12 },
};

/** How long the end of an answer waits for its images and videos (they are usually there already). */
const MEDIA_WAIT_MS = 1_500;

const UNAVAILABLE_NOTICE = 'Web sources were unavailable, so this answer is not based on search results.';
const FILES_UNAVAILABLE_NOTICE =
  'Your files could not be searched just now, so this answer does not use them.';
const NO_FILE_MATCH_NOTICE =
  'None of your files has a passage about this question. Upload files on the Files page, or ask with the Web focus.';

function budgetFor(config: ChatConfig, mode: Mode, model: ChatModel | null, fixedTokens: number): number {
  const perMode = {
    speed: config.CONTEXT_TOKENS_SPEED,
    balanced: config.CONTEXT_TOKENS_BALANCED,
    quality: config.CONTEXT_TOKENS_QUALITY,
    learn: config.CONTEXT_TOKENS_LEARN,
  }[mode];
  if (!model) return perMode;
  // What the window leaves after the prompt's fixed parts and the room kept for the answer.
  const room = contextWindowOf(config, model.name) - config.ANSWER_MAX_TOKENS - fixedTokens;
  return Math.max(0, Math.min(perMode, room));
}

/** Maps a failure to the `error` event's code (from the closed list) and a readable message. */
export function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof ModelError) {
    const code = {
      rate_limited: 'rate_limited',
      timeout: 'gateway_timeout',
      unavailable: 'unavailable',
      failed: 'bad_gateway',
    }[error.kind];
    return { code, message: error.message };
  }
  return { code: 'internal', message: 'The answer failed unexpectedly' };
}

/**
 * One answer, start to finish: standalone queries, search, ranking, context within the budget,
 * the answer (streamed), related questions. Emits every event except the terminal one, and
 * returns what happened so the caller can save it and then send `done` or `error`.
 */
export async function runAnswer(
  deps: AnswerDeps,
  input: AnswerInput,
  sink: AnswerSink,
): Promise<AnswerOutcome> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const since = () => Math.round(performance.now() - started);
  const usage: UsageTally = { promptTokens: 0, completionTokens: 0, modelCalls: 0 };
  const model = deps.model ? countingModel(deps.model, usage) : null;
  const { config } = deps;
  const { signal, mode, focus, controls } = input;
  const plan = controls?.contextSize
    ? { ...modePlan[mode], ...contextSizePlans[controls.contextSize] }
    : modePlan[mode];
  // Every web search of this answer, the research agent's included, carries the filters.
  const search = controls?.filters ? filteredSearch(deps.search, controls.filters) : deps.search;
  const language = answerLanguage(input.question, input.language);
  const outcome: AnswerOutcome = {
    status: 'complete',
    answer: '',
    sources: [],
    related: [],
    model: model?.name ?? 'extractive',
    error: null,
    usage,
    timings,
    memoryEnabled: false,
    memories: [],
  };
  let mediaSent = false;
  let answerEnded = false;
  let settleMedia: (() => Promise<void>) | undefined;
  const emitDelta = (text: string) => {
    if (!text) return;
    if (outcome.answer === '') timings.firstDeltaMs = since();
    outcome.answer += text;
    sink.emit({ type: 'delta', data: { text } });
  };

  try {
    // 1. Standalone queries. Speed mode with no history skips the model call: the question is the query.
    let queries = [input.question];
    const needsRewrite = model && focus !== 'writing' && (mode !== 'speed' || input.history.length > 0);
    if (needsRewrite) {
      try {
        ({ queries } = await rewriteQueries(model, {
          question: input.question,
          history: input.history,
          maxQueries: plan.queries,
          signal,
        }));
      } catch (error) {
        if (signal.aborted) throw error;
        // A failed rewrite is not worth failing the answer for: search the question as asked.
      }
    }

    // 2. Search the web, the user's files and their memories at once. Writing needs no search;
    // focus "files" searches only the files; a space adds its files to the web results.
    // A failing search degrades the answer, never stops it.
    let found: SearchResponse = { results: [], pages: [], unresponsiveEngines: [] };
    let searchUnavailable = false;
    let filesUnavailable = false;
    const searchesWeb = focus !== 'writing' && focus !== 'files';
    const searchesFiles = !!deps.files && !!input.asker && (focus === 'files' || !!input.space);
    const webSearch = async (): Promise<SearchResponse> => {
      const lang = input.language ? { language: input.language } : {};
      return plan.readPages === 0 && queries.length === 1
        ? search.search({ query: queries[0] as string, focus, limit: plan.results, ...lang })
        : search.research({ queries, focus, readPages: plan.readPages, maxCharsPerPage: 8_000, ...lang });
    };
    const [web, own, recall] = await Promise.all([
      searchesWeb
        ? webSearch().catch((error: unknown) => {
            if (signal.aborted) throw error;
            searchUnavailable = true;
            return found;
          })
        : Promise.resolve(found),
      searchesFiles && deps.files && input.asker
        ? searchOwnFiles(deps.files, {
            asker: input.asker,
            ...(input.space ? { spaceId: input.space.id } : {}),
            queries: [...new Set([input.question, ...queries])].slice(0, plan.queries + 1),
            limit: plan.results,
          })
        : Promise.resolve(null),
      deps.memory && input.asker
        ? recallMemories(deps.memory, {
            asker: input.asker,
            question: input.question,
            limit: config.MEMORY_RECALL_LIMIT,
          })
        : Promise.resolve<Recall>({ enabled: false, memories: [] }),
    ]);
    found = web;
    if (own) {
      filesUnavailable = own.unavailable;
      found = {
        ...found,
        results: [...own.results, ...found.results],
        pages: [...own.pages, ...found.pages],
      };
      if (focus === 'files' && !own.unavailable && own.results.length === 0)
        found.notice = NO_FILE_MATCH_NOTICE;
    }
    outcome.memoryEnabled = recall.enabled;
    outcome.memories = recall.memories;
    if (searchesWeb || searchesFiles) timings.searchMs = since();

    // Images and videos arrive on their own time (media-svc is cached, so usually at once); sent
    // when they come, never after the answer ended, and waited for briefly at the end.
    const wantsMedia = searchesWeb && controls?.returnImages !== false;
    const media = wantsMedia && deps.media ? deps.media.forQuestion(input.question).catch(() => null) : null;
    const sendMedia = (found: AnswerMedia | null) => {
      if (mediaSent || answerEnded || !found || (found.images.length === 0 && found.videos.length === 0))
        return;
      mediaSent = true;
      sink.emit({ type: 'media', data: found });
    };

    sink.emit({
      type: 'meta',
      data: {
        threadId: input.threadId,
        messageId: input.messageId,
        model: outcome.model,
        mode,
        focus,
        language,
        unresponsiveEngines: found.unresponsiveEngines,
        searchUnavailable,
        searchNotice: found.notice ?? null,
        spaceId: input.space?.id ?? null,
        filesUnavailable,
        memories: recall.memories,
      },
    });
    void media?.then(sendMedia);
    settleMedia = async () => {
      const found = await Promise.race([
        media,
        new Promise<null>((resolve) => setTimeout(resolve, MEDIA_WAIT_MS, null)),
      ]);
      sendMedia(found ?? null);
    };

    // 3. Quality: more rounds, chosen by the research agent from what it reads.
    if (mode === 'quality' && model && !searchUnavailable && searchesWeb) {
      sink.emit({
        type: 'progress',
        data: { kind: 'step', text: `Planned searches: ${queries.join('; ')}` },
      });
      sink.emit({
        type: 'progress',
        data: {
          kind: 'step',
          text: `Found ${found.results.length} results, read ${found.pages.length} pages`,
        },
      });
      const pool: ResearchPool = {
        results: [...found.results],
        pages: [...found.pages],
        unresponsiveEngines: [],
      };
      try {
        // Mastra is loaded on the first quality answer: it weighs ~90 MB of heap that the other
        // modes never need.
        const { researchWithAgent } = await import('./research-agent.ts');
        await researchWithAgent({
          model,
          search,
          question: input.question,
          focus,
          ...(input.language ? { language: input.language } : {}),
          maxSteps: config.RESEARCH_MAX_STEPS,
          pool,
          signal,
          onStep: (text) => sink.emit({ type: 'progress', data: { kind: 'step', text } }),
        });
      } catch (error) {
        if (signal.aborted) throw error;
        sink.emit({
          type: 'progress',
          data: { kind: 'step', text: 'Research stopped early; answering from what was found' },
        });
      }
      found = { ...found, results: pool.results, pages: pool.pages };
      timings.researchMs = since();
    }

    // 4. Rank and fit the sources into the budget.
    const system = answerSystemPrompt({
      mode,
      focus,
      language,
      sourceCount: Math.min(plan.sources, found.results.length),
      searchUnavailable,
      space: input.space ?? null,
      memories: recall.memories,
    });
    const historyTokens = input.history.reduce((sum, message) => sum + estimateTokens(message.content), 0);
    const fixedTokens = estimateTokens(system) + historyTokens + estimateTokens(input.question) + 50;
    // A space's blocked domains never become sources; its pinned ones come first (rank-sources.ts).
    const ranked = await rankCandidates(input.question, candidatesFrom(found.results, found.pages), {
      model,
      useEmbeddings: mode !== 'speed',
      signal,
      ...(input.space
        ? { domains: { pinned: input.space.pinnedDomains, blocked: input.space.blockedDomains } }
        : {}),
    });
    const context = pickContext(ranked, budgetFor(config, mode, model, fixedTokens), plan.sources);
    context.sources = withCredibility(context.sources, ranked);
    outcome.sources = storableSources(context.sources);
    if (focus !== 'writing') sink.emit({ type: 'sources', data: { sources: context.sources } });

    // 5. The answer.
    if (searchUnavailable) emitDelta(`${UNAVAILABLE_NOTICE}\n\n`);
    if (filesUnavailable) emitDelta(`${FILES_UNAVAILABLE_NOTICE}\n\n`);
    const searchNotice = context.sources.length === 0 ? found.notice : undefined;
    if (searchNotice && model) emitDelta(`${searchNotice}\n\n`);
    const citations = createCitationFilter(context.sources.length);
    if (!model) {
      const text =
        extractiveAnswer(input.question, context) ||
        (focus === 'writing'
          ? 'Writing help needs a language model: set LLM_PROVIDER to openai or ollama.'
          : searchUnavailable
            ? ''
            : (searchNotice ?? 'No sources were found for this question.'));
      for (const piece of pieces(text)) {
        if (signal.aborted) throw signal.reason;
        emitDelta(citations.push(piece));
      }
      emitDelta(citations.flush());
    } else {
      const think = createThinkFilter();
      const system2 = answerSystemPrompt({
        mode,
        focus,
        language,
        sourceCount: context.sources.length,
        searchUnavailable,
        space: input.space ?? null,
        memories: recall.memories,
      });
      const handle = (split: { answer: string; reasoning: string }) => {
        if (split.reasoning)
          sink.emit({ type: 'progress', data: { kind: 'reasoning', text: split.reasoning } });
        emitDelta(citations.push(split.answer));
      };
      for await (const chunk of model.stream({
        messages: [
          { role: 'system', content: system2 },
          ...input.history,
          { role: 'user', content: answerUserPrompt(input.question, context.text) },
        ],
        maxTokens: config.ANSWER_MAX_TOKENS,
        signal,
      })) {
        if ('text' in chunk) handle(think.push(chunk.text));
      }
      handle(think.flush());
      emitDelta(citations.flush());
    }
    timings.answerMs = since();

    // 6. Related questions: speed and the extractive answerer spend no model call on them; a
    // caller that turned them off gets neither the event nor the call.
    if ((focus !== 'writing' || model) && controls?.returnRelatedQuestions !== false) {
      const asked = input.history
        .filter((message) => message.role === 'user')
        .map((message) => message.content);
      let related = heuristicRelated(input.question, context.sources, asked);
      if (model && mode !== 'speed') {
        try {
          ({ questions: related } = await modelRelated(model, {
            question: input.question,
            answer: outcome.answer,
            sources: context.sources,
            signal,
          }));
        } catch (error) {
          if (signal.aborted) throw error;
        }
      }
      outcome.related = related;
      sink.emit({ type: 'related', data: { questions: related } });
    }
  } catch (error) {
    if (signal.aborted) {
      // Stopped by the user or abandoned by the client: keep what was written.
      outcome.status = outcome.answer ? 'incomplete' : 'failed';
      outcome.error =
        signal.reason === 'stopped'
          ? null
          : { code: 'gone', message: 'The answer was cancelled: no client was reading it' };
      if (signal.reason === 'stopped') outcome.status = 'incomplete';
    } else {
      outcome.status = outcome.answer ? 'incomplete' : 'failed';
      outcome.error = describeFailure(error);
    }
  }
  if (!signal.aborted) await settleMedia?.().catch(() => {});
  answerEnded = true;
  timings.totalMs = since();
  return outcome;
}
