// Perplexica's push service worker: shows what notifications-svc sends (its payload is
// {id, kind, title, body, url, createdAt}) and, on a click, focuses or opens the page it links to.
// It caches nothing and handles no fetches: the app works the same with or without it.

// A new version takes over at once: there is no cache whose versions could disagree.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** A path of this app or an https address; anything else opens the inbox instead. */
function safeTarget(url) {
  if (typeof url !== 'string' || url === '') return '/notifications';
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    return new URL(url).protocol === 'https:' ? url : '/notifications';
  } catch {
    return '/notifications';
  }
}

function payloadOf(event) {
  if (!event.data) return {};
  try {
    return event.data.json();
  } catch {
    return { body: event.data.text() };
  }
}

self.addEventListener('push', (event) => {
  const payload = payloadOf(event);
  const createdAt = Date.parse(payload.createdAt ?? '');
  const options = {
    body: typeof payload.body === 'string' ? payload.body : '',
    icon: '/favicon.svg',
    badge: '/favicon.svg',
    data: { url: safeTarget(payload.url), id: payload.id ?? null },
    ...(Number.isFinite(createdAt) ? { timestamp: createdAt } : {}),
    // The same notification delivered twice (a push service's retry) replaces itself.
    ...(payload.id ? { tag: String(payload.id) } : {}),
  };
  const title = typeof payload.title === 'string' && payload.title ? payload.title : 'Perplexica';
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url ?? '/notifications', self.location.origin);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const exact = windows.find((client) => client.url === target.href);
      if (exact) return exact.focus();
      // A tab of the app already open goes to the page, rather than opening another tab.
      if (target.origin === self.location.origin) {
        const app = windows.find((client) => new URL(client.url).origin === self.location.origin);
        if (app) {
          const focused = await app.focus();
          const moved = await focused.navigate(target.href).catch(() => null);
          if (moved) return moved;
        }
      }
      return self.clients.openWindow(target.href);
    })(),
  );
});
