export { isShareIdShape } from '@perplexica/db';

export const sharedCollectionPath = (shareId: string) => `/api/v1/collections/shared/${shareId}`;

/** Where library-svc serves a shared thread (its own share link). */
export const sharedThreadPath = (shareId: string) => `/api/v1/library/shared/${shareId}`;
