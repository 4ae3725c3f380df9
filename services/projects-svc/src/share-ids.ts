import { randomBytes } from 'node:crypto';

/** 128 random bits: a link nobody can guess or enumerate. */
export const newShareId = () => randomBytes(16).toString('base64url');

/** What newShareId produces (22 base64url characters); anything else cannot be a link of ours. */
export const isShareIdShape = (value: string) => /^[A-Za-z0-9_-]{22}$/.test(value);

export const sharedCollectionPath = (shareId: string) => `/api/v1/collections/shared/${shareId}`;

/** Where library-svc serves a shared thread (its own share link). */
export const sharedThreadPath = (shareId: string) => `/api/v1/library/shared/${shareId}`;
