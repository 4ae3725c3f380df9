// Answers through the whole pipeline: time to first `delta`, answers/s, model and search calls per
// answer, streamed bytes against answer length, and chat-svc's memory over many answers.
// Run with `node bench/chat-answers.ts` (or `pnpm bench`).
//
// search-svc, library-svc, memory-svc, media-svc and chat-svc run as child processes from their
// own main.ts (every service an answer reaches: chat-svc recalls memories and fetches media too,
// and failed connections to absent ones would be counted as answer cost), exactly as
// `pnpm start` and K3s run them, against the machine's Postgres (fresh schemas) and Redis (fresh
// prefixes). Only SearXNG and the model are doubles (@perplexica/fakes), at zero latency, in this
// process. Knobs: BENCH_CONCURRENCY (50), BENCH_DURATION_S (10), BENCH_MEMORY_ANSWERS (50000).
import { availableParallelism } from 'node:os';
import { startFakeOpenAI, startFakeSearxng } from '@perplexica/fakes';
import {
  freePort,
  freshRedisPrefix,
  freshSchema,
  generateSigningKeyPair,
  signTestAccessToken,
} from '@perplexica/testing';
import { cpuPerUnit, cpuSnapshot } from './support/cpu-usage.ts';
import { type RunningChild, startServiceProcess } from './support/service-process.ts';
import { type Answer, askOnce, runLoad } from './support/sse-load.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const MEMORY_ANSWERS = Number(process.env.BENCH_MEMORY_ANSWERS ?? 50_000);
const LIGHT_CONCURRENCY = 5;
const SERVICE_TOKEN = 'bench-service-token-0123456789abcdef';
const TARGETS = { p50FirstDeltaMs: 15, answersPerSecond: 500, speedCalls: 2, balancedCalls: 4 };

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
const round = (value: number) => Math.round(value * 10) / 10;

async function main(): Promise<void> {
  const searxng = await startFakeSearxng();
  const openai = await startFakeOpenAI();
  const keys = generateSigningKeyPair();
  const children: RunningChild[] = [];
  try {
    const common = async (name: string) => {
      const schema = await freshSchema(name.replace('-svc', ''));
      const redis = freshRedisPrefix(name.replace('-svc', ''));
      return {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        POSTGRES_URL: schema.url,
        DB_SCHEMA: schema.schema,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: redis.prefix,
        SERVICE_TOKEN,
        JWT_PUBLIC_KEY: keys.publicKeyPem,
      };
    };
    const searchPort = await freePort();
    const libraryPort = await freePort();
    const memoryPort = await freePort();
    const mediaPort = await freePort();
    const chatPort = await freePort();
    const model = {
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OPENAI_API_KEY: 'bench-key',
    };
    children.push(
      await startServiceProcess('search-svc', searchPort, {
        ...(await common('search-svc')),
        SEARXNG_URL: searxng.url,
      }),
      await startServiceProcess('library-svc', libraryPort, await common('library-svc')),
      // Every answer also recalls the asker's memories (and queues their extraction) and fetches
      // the question's images and videos, as in production.
      await startServiceProcess('memory-svc', memoryPort, { ...(await common('memory-svc')), ...model }),
      await startServiceProcess('media-svc', mediaPort, {
        ...(await common('media-svc')),
        SEARCH_SERVICE_URL: `http://127.0.0.1:${searchPort}`,
      }),
    );
    const chat = await startServiceProcess('chat-svc', chatPort, {
      ...(await common('chat-svc')),
      ...model,
      SEARCH_SERVICE_URL: `http://127.0.0.1:${searchPort}`,
      LIBRARY_SERVICE_URL: `http://127.0.0.1:${libraryPort}`,
      MEMORY_SERVICE_URL: `http://127.0.0.1:${memoryPort}`,
      MEDIA_SERVICE_URL: `http://127.0.0.1:${mediaPort}`,
    });
    children.push(chat);
    const token = await signTestAccessToken({ privateKeyPem: keys.privateKeyPem, userId: 'bench-user' });
    const chatUrl = `http://127.0.0.1:${chatPort}/api/v1/chat`;
    const ask = (mode: string, query = 'How do solar panels convert sunlight into electricity?') =>
      askOnce(chatUrl, token, { query, mode, focus: 'web' });

    console.log('bench chat-answers: POST /api/v1/chat through chat-svc, search-svc and library-svc');
    console.log(
      `  ${availableParallelism()} cores, Node ${process.version}, doubles at zero latency, ${CONCURRENCY} clients, ${DURATION_S} s`,
    );

    // Calls per answer, one mode at a time, counted by the doubles.
    console.log('\n  model and search calls per answer (counted by the doubles, 20 answers each)');
    const callsPerMode: Record<string, number> = {};
    for (const mode of ['speed', 'balanced', 'quality']) {
      const chatBefore = openai.chatCount();
      const searchBefore = searxng.searchCount();
      for (let i = 0; i < 20; i += 1) await ask(mode, `Question ${i} about solar panels in ${mode} mode?`);
      callsPerMode[mode] = (openai.chatCount() - chatBefore) / 20;
      console.log(
        `    ${mode.padEnd(9)} model calls ${round(callsPerMode[mode] as number)}   SearXNG calls ${round((searxng.searchCount() - searchBefore) / 20)}`,
      );
    }

    // Streamed bytes against answer length: deltas must carry only the new text.
    console.log('\n  streamed bytes against answer length (speed)');
    const sizes: { words: number; bytes: number }[] = [];
    for (const words of [50, 500, 5_000]) {
      openai.setResponder(() => ({
        content: `${Array.from({ length: words }, (_, i) => `word${i}`).join(' ')} [1]`,
      }));
      const answer: Answer = await ask('speed', `A question needing ${words} words?`);
      sizes.push({ words, bytes: answer.bytes });
      console.log(
        `    ${String(words).padStart(5)} words → ${String(answer.bytes).padStart(8)} bytes streamed`,
      );
    }
    openai.reset();
    const growth = (sizes[2] as { bytes: number }).bytes / (sizes[1] as { bytes: number }).bytes;
    console.log(`    10x the words gave ${round(growth)}x the bytes (linear ≈ 10x)`);

    // Time to first delta when the stack is not saturated: what one researcher waits.
    const light = await runLoad({
      concurrency: LIGHT_CONCURRENCY,
      durationMs: Math.min(5, DURATION_S) * 1_000,
      ask: () => ask('speed'),
    });
    const lightFirstDelta = [...light.firstDeltaMs].sort((a, b) => a - b);
    console.log(
      `\n  speed mode, light load (${LIGHT_CONCURRENCY} clients): ${Math.round(light.completed / (light.elapsedMs / 1_000))} answers/s, ${light.errors} errors`,
    );
    console.log(
      `    first delta p50 ${round(percentile(lightFirstDelta, 50))} ms   p99 ${round(percentile(lightFirstDelta, 99))} ms`,
    );

    // Throughput and time to first delta in speed mode, saturated.
    const pids = Object.fromEntries([
      ...children.map((child) => [child.name, child.pid] as const),
      ['benchmark (client + doubles)', process.pid] as const,
    ]);
    const cpuBefore = cpuSnapshot(pids);
    const load = await runLoad({
      concurrency: CONCURRENCY,
      durationMs: DURATION_S * 1_000,
      ask: () => ask('speed'),
    });
    const firstDelta = [...load.firstDeltaMs].sort((a, b) => a - b);
    const answersPerSecond = load.completed / (load.elapsedMs / 1_000);
    console.log(
      `\n  speed mode under load (${CONCURRENCY} clients): ${load.completed} answers, ${load.errors} errors`,
    );
    console.log(
      `    ${Math.round(answersPerSecond)} answers/s   first delta p50 ${round(percentile(firstDelta, 50))} ms   p99 ${round(percentile(firstDelta, 99))} ms`,
    );
    const cpu = cpuPerUnit(cpuBefore, cpuSnapshot(pids), Math.max(1, load.completed + load.errors));
    if (cpu.length > 0) {
      console.log('    CPU per answer:');
      for (const [name, ms] of cpu) console.log(`      ${name.padEnd(40)} ${ms.toFixed(2)} ms`);
    }

    // Memory over many answers: sampled from chat-svc's own /metrics.
    console.log(`\n  chat-svc resident memory over ${MEMORY_ANSWERS} answers`);
    const memory = async () => {
      const text = await (await fetch(`http://127.0.0.1:${chatPort}/metrics`)).text();
      const megabytes = (metric: string) => {
        const match = new RegExp(`^${metric}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text);
        return match ? Math.round(Number(match[1]) / 1_048_576) : Number.NaN;
      };
      return {
        rss: megabytes('process_resident_memory_bytes'),
        heap: megabytes('nodejs_heap_size_used_bytes'),
      };
    };
    const first = await memory();
    console.log(`    before: resident ${first.rss} MB, heap used ${first.heap} MB`);
    // Ten samples; heap used swings with GC timing, so the first and last three are compared.
    const samples: { rss: number; heap: number }[] = [];
    let answered = 0;
    const step = Math.max(1, Math.floor(MEMORY_ANSWERS / 10));
    while (answered < MEMORY_ANSWERS) {
      const batch = await runLoad({
        concurrency: CONCURRENCY,
        maxAnswers: step,
        durationMs: 300_000,
        ask: () => ask('speed'),
      });
      answered += batch.completed;
      if (batch.completed === 0) break;
      const sample = await memory();
      samples.push(sample);
      console.log(
        `    after ${String(answered).padStart(6)} answers: resident ${sample.rss} MB, heap used ${sample.heap} MB (errors ${batch.errors})`,
      );
    }
    const mean = (values: number[]) =>
      values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
    const early = mean(samples.slice(0, 3).map((sample) => sample.rss));
    const late = mean(samples.slice(-3).map((sample) => sample.rss));
    const memoryFlat = samples.length >= 6 && late <= early * 1.1 + 10;

    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const p50Light = percentile(lightFirstDelta, 50);
    const p50Loaded = percentile(firstDelta, 50);
    console.log('\n  targets (issue 3):');
    console.log(
      `    p50 first delta < ${TARGETS.p50FirstDeltaMs} ms: light load ${round(p50Light)} ms ${verdict(p50Light < TARGETS.p50FirstDeltaMs)}, ${CONCURRENCY} clients ${round(p50Loaded)} ms ${verdict(p50Loaded < TARGETS.p50FirstDeltaMs)}`,
    );
    console.log(
      `    ≥ ${TARGETS.answersPerSecond} answers/s at ${CONCURRENCY} clients: ${Math.round(answersPerSecond)} ${verdict(answersPerSecond >= TARGETS.answersPerSecond)}`,
    );
    console.log(`    no errors: ${load.errors + light.errors} ${verdict(load.errors + light.errors === 0)}`);
    console.log(
      `    model calls per answer ≤ ${TARGETS.speedCalls} (speed), ≤ ${TARGETS.balancedCalls} (balanced): ${callsPerMode.speed}, ${callsPerMode.balanced} ${verdict((callsPerMode.speed as number) <= TARGETS.speedCalls && (callsPerMode.balanced as number) <= TARGETS.balancedCalls)}`,
    );
    console.log(`    streamed bytes linear in the answer: ${round(growth)}x for 10x ${verdict(growth < 11)}`);
    console.log(
      `    memory flat over ${answered} answers: resident ${Math.round(early)} MB early, ${Math.round(late)} MB late ${samples.length >= 6 ? verdict(memoryFlat) : '(too few samples)'}`,
    );
  } finally {
    for (const child of children.reverse()) await child.stop();
    await openai.close();
    await searxng.close();
  }
}

await main();
