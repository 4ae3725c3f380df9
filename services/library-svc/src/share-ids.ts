export { isShareIdShape } from '@perplexica/db';

export const sharedThreadPath = (shareId: string) => `/api/v1/library/shared/${shareId}`;
