export {
  type Cached,
  type CacheState,
  createSwrCache,
  type Freshness,
  type SwrCache,
  type SwrCacheOptions,
} from './swr-cache.ts';
