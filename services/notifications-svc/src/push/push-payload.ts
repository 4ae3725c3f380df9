import type { NotificationRow } from '../db/schema.ts';

/**
 * The largest payload that still fits one 4096-byte aes128gcm record with its header (86 bytes),
 * tag and delimiter (RFC 8291): push services refuse bigger bodies (413). Kept below the exact
 * 3993 bytes for headroom.
 */
export const MAX_PUSH_PAYLOAD_BYTES = 3800;

/**
 * What the service worker receives: enough to show the notification and open its link without
 * another request. A body too long for one push record is shortened (the inbox keeps all of it).
 */
export function pushPayload(row: NotificationRow): string {
  const message = {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    url: row.url,
    createdAt: row.created_at.toISOString(),
  };
  let text = JSON.stringify(message);
  const characters = Array.from(row.body);
  let keep = characters.length;
  while (Buffer.byteLength(text) > MAX_PUSH_PAYLOAD_BYTES && keep > 0) {
    const excess = Buffer.byteLength(text) - MAX_PUSH_PAYLOAD_BYTES;
    // At least one character, at most what is over (a character is one byte or more).
    keep = Math.max(0, keep - Math.max(1, Math.ceil(excess / 4)));
    text = JSON.stringify({ ...message, body: `${characters.slice(0, keep).join('')}…` });
  }
  return text;
}

/**
 * RFC 8030 Topic: a message not yet delivered is replaced by a newer one with the same topic, so
 * if a crash makes us send one notification twice, an offline browser still shows it once.
 */
export const pushTopic = (notificationId: string) => notificationId.replaceAll('-', '');
