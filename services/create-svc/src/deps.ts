import type { AuditSink } from '@perplexica/audit';
import type { Database } from '@perplexica/db';
import type { Callers, ServiceEnv } from '@perplexica/http';
import type { ChatModel } from '@perplexica/llm';
import type { ObjectStore } from '@perplexica/object-store';
import type { Logger, ServiceMetrics } from '@perplexica/observability';
import type { Redis } from '@perplexica/redis';
import type { CreateConfig } from './config.ts';
import type { CreateDatabase } from './db/schema.ts';
import type { PdfFonts } from './exports/pdf-fonts.ts';
import type { ImageGenerator } from './images/image-generator.ts';
import type { ImageQueue } from './images/image-queue.ts';
import type { LibraryClient } from './library/library-client.ts';
import type { TableLimits } from './tables/table-shape.ts';

/** What main.ts (or a test) hands to createApp. */
export interface CreateDeps {
  config: CreateConfig;
  logger: Logger;
  database: Database<CreateDatabase>;
  redis: Redis;
  store: ObjectStore;
  /** Where POST /images puts its jobs (createImageQueue). */
  images: ImageQueue;
  /** Where audit events go (main.ts: an emitter to audit-svc's queue); discarded when absent. */
  audit?: AuditSink;
  metrics?: ServiceMetrics;
  /** Defaults to the one LLM_PROVIDER configures; null: tables only from given data. */
  tableModel?: ChatModel | null;
  /** Defaults to OpenAI's images API when OPENAI_API_KEY is set; null: images not configured. */
  imageGenerator?: ImageGenerator | null;
  /** Defaults to library-svc at LIBRARY_SERVICE_URL. */
  library?: LibraryClient;
  /** Defaults to PDF_FONT_PATH / PDF_BOLD_FONT_PATH, read once. */
  pdfFonts?: PdfFonts;
}

/** Everything routes use, built once from the deps; optional parts are null, never missing. */
export interface CreateContext extends Callers {
  config: CreateConfig;
  logger: Logger;
  db: Database<CreateDatabase>['db'];
  store: ObjectStore;
  images: ImageQueue;
  audit: AuditSink;
  tableModel: ChatModel | null;
  imageGenerator: ImageGenerator | null;
  library: LibraryClient;
  pdfFonts: PdfFonts;
  tableLimits: TableLimits;
}

export type CreateEnv = ServiceEnv;
