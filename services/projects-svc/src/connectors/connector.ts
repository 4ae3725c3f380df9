import type { SearchClient } from '../clients/search-client.ts';

/**
 * A source of documents for a space. A connector only *lists* what its source has now; the sync
 * (sync-connector.ts) does the rest the same way for every type: pushing each document to
 * upload-svc, removing the ones that disappeared, recording status, retrying, scheduling. Adding
 * a type (a drive, a wiki) is one file implementing this and one line in registry.ts; see
 * "Adding a connector" in the README.
 */
export interface Connector {
  /** The `type` clients send and connectors are stored with. */
  readonly type: string;
  /**
   * Everything the source has now. Throw SourceError when the source itself fails (unreachable,
   * refused, not what it should be): the sync records it as failed with that message and tries again
   * at the next scheduled time. Any other error (search-svc down…) is retried with backoff.
   */
  listDocuments(source: ConnectorSource, tools: ConnectorTools): Promise<SourceListing>;
}

/** What a connector is configured with. */
export interface ConnectorSource {
  id: string;
  url: string;
}

/** What a connector may use: every fetch goes through search-svc, so its SSRF guard applies. */
export interface ConnectorTools {
  search: SearchClient;
  limits: {
    /** Documents one sync takes at most. */
    maxDocuments: number;
    /** Characters kept per document. */
    maxChars: number;
    /** Bytes read of one raw document (a feed, a sitemap). */
    maxBytes: number;
    /** Levels of sitemap indexes followed. */
    sitemapDepth: number;
  };
}

/** One document as the source has it now. */
export interface SourceDocument {
  /** Stable for the same item across syncs, unique within the connector: its URL, its feed guid. */
  key: string;
  name: string;
  /** Where a reader opens it (cited in answers). */
  url: string;
  mediaType: 'text/plain' | 'text/html' | 'text/markdown';
  content: string;
}

/** An item the source lists but which could not be read this time; its earlier copy is kept. */
export interface UnreadableItem {
  key: string;
  url: string;
  reason: string;
}

export interface SourceListing {
  documents: SourceDocument[];
  unreadable: UnreadableItem[];
  /**
   * False when part of the source could not even be listed (a sitemap of an index failed): the
   * sync then removes nothing, since a missing item may only be unlisted for now.
   */
  complete: boolean;
}

/** The source failed in a way retrying soon will not fix; the message is shown to the user. */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}
