export {
  type AmadeusCityFixture,
  type AmadeusHotelFixture,
  type AmadeusMode,
  defaultAmadeusCities,
  defaultAmadeusHotels,
  type FakeAmadeus,
  type FakeAmadeusOptions,
  startFakeAmadeus,
} from './amadeus.ts';
export { EMBEDDING_DIMENSIONS, embed } from './embedding.ts';
export { type FakeServer, MAX_RECORDED_CALLS, type RecordedCall } from './fake-server.ts';
export {
  atomFeed,
  FEED_TYPES,
  type FeedChannel,
  type FeedItem,
  rssFeed,
  sitemapIndexXml,
  sitemapXml,
} from './feeds.ts';
export { type FakeFmp, FMP_SECURITIES, type FmpMode, type FmpSecurity, startFakeFmp } from './fmp.ts';
export type { FakeLlmOptions, LlmMode, LlmSwitches } from './llm-state.ts';
export { LONE_REPORT, OVERLAPPING_NEWS, TRAIN_DERAILMENT } from './news-fixtures.ts';
export { type FakeOllama, type FakeOllamaOptions, startFakeOllama } from './ollama.ts';
export { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI, UNSAFE_PROMPT_MARKER } from './openai.ts';
export { exampleForSchema, fakeImagePng } from './openai-wire.ts';
export {
  encryptAes128gcm,
  type FakePushService,
  MAX_PUSH_BODY_BYTES,
  type PushServiceMode,
  type PushSubscriptionJson,
  type ReceivedPush,
  startFakePushService,
} from './push-service.ts';
export {
  type ChatMessage,
  defaultResponder,
  type Responder,
  type ResponderReply,
  type ResponderRequest,
  type ResponderToolCall,
  type ToolDefinition,
} from './responder.ts';
export { type FakeSearxng, type FakeSearxngOptions, type SearxngMode, startFakeSearxng } from './searxng.ts';
export { defaultSearxngCorpus, type FixtureDocument, searchFilterCorpus } from './searxng-corpus.ts';
export type { SearxngResult } from './searxng-search.ts';
export {
  defaultTripadvisorLocations,
  type FakeTripadvisor,
  type FakeTripadvisorOptions,
  startFakeTripadvisor,
  type TripadvisorCategory,
  type TripadvisorFixture,
  type TripadvisorMode,
} from './tripadvisor.ts';
export { type FakePage, type FakeWebsite, METADATA_URL, startFakeWebsite } from './website.ts';
export { ARTICLE_PARAGRAPHS, ARTICLE_TITLE, BIG_PAGE_BYTES } from './website-pages.ts';
export {
  type FakeYooKassa,
  type FakeYooKassaOptions,
  startFakeYooKassa,
  type YooKassaAmount,
  type YooKassaMode,
  type YooKassaNotification,
  type YooKassaPayment,
  type YooKassaPaymentMethod,
  type YooKassaRefund,
} from './yookassa.ts';
