import type { Connector } from './connector.ts';
import { rssConnector } from './rss-connector.ts';
import { webConnector } from './web-connector.ts';

/** Every connector type, by the `type` clients send. A new type is one more entry here. */
export const connectors: Record<string, Connector> = {
  [webConnector.type]: webConnector,
  [rssConnector.type]: rssConnector,
};

export const connectorTypes = Object.keys(connectors) as [string, ...string[]];
