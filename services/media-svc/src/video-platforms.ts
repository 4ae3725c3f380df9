/**
 * Which site a video lives on, and the only players we let the web app embed. An embed URL is an
 * iframe the browser loads on our page, so it is rebuilt from a known https player and a checked
 * id rather than passed through: nothing an engine (or a page it indexed) wrote reaches the
 * iframe except that id.
 */

const platformByHost: Record<string, string> = {
  'youtube.com': 'youtube',
  'm.youtube.com': 'youtube',
  'music.youtube.com': 'youtube',
  'youtu.be': 'youtube',
  'youtube-nocookie.com': 'youtube',
  'vimeo.com': 'vimeo',
  'player.vimeo.com': 'vimeo',
  'dailymotion.com': 'dailymotion',
  'dai.ly': 'dailymotion',
  'twitch.tv': 'twitch',
  'tiktok.com': 'tiktok',
  'rumble.com': 'rumble',
  'bilibili.com': 'bilibili',
  'ted.com': 'ted',
  'odysee.com': 'odysee',
  'bitchute.com': 'bitchute',
  'facebook.com': 'facebook',
  'instagram.com': 'instagram',
  'x.com': 'x',
  'twitter.com': 'x',
};

const bareHost = (url: URL) => url.hostname.toLowerCase().replace(/^www\./, '');

/** "youtube", "vimeo", "dailymotion", … for known sites; the bare host ("example.org") otherwise. */
export function platformOf(pageUrl: string): string {
  const host = bareHost(new URL(pageUrl));
  return platformByHost[host] ?? host;
}

const youtubeId = /^[A-Za-z0-9_-]{11}$/;
const vimeoId = /^\d{1,12}$/;
const vimeoHash = /^[0-9a-f]{6,20}$/;
const dailymotionId = /^[A-Za-z0-9]{5,12}$/;

/** A YouTube watch page's video id (watch?v=, youtu.be/, /shorts/, /embed/), else null. */
function youtubeVideoId(url: URL): string | null {
  const host = bareHost(url);
  if (host === 'youtu.be') return matchOrNull(url.pathname.slice(1), youtubeId);
  if (platformByHost[host] !== 'youtube') return null;
  if (url.pathname === '/watch') return matchOrNull(url.searchParams.get('v') ?? '', youtubeId);
  const path = /^\/(?:shorts|embed|live|v)\/([^/]+)\/?$/.exec(url.pathname);
  return path ? matchOrNull(path[1] as string, youtubeId) : null;
}

function matchOrNull(value: string, pattern: RegExp): string | null {
  return pattern.test(value) ? value : null;
}

/**
 * The same video under its different addresses shares one key (youtu.be/ID, m.youtube.com/watch?v=ID
 * and www.youtube.com/watch?v=ID&t=10 are one video); other pages are keyed by host, path and query.
 */
export function videoKey(pageUrl: string): string {
  const url = new URL(pageUrl);
  const id = youtubeVideoId(url);
  if (id) return `youtube:${id}`;
  const path = url.pathname.replace(/\/+$/, '') || '/';
  return `${bareHost(url)}${path}${url.search}`;
}

/**
 * An https player URL of a known platform, rebuilt from its id: YouTube (always the
 * youtube-nocookie.com host, which sets no cookies until the video plays), Vimeo's player and
 * Dailymotion's embed. Anything else is null: the web app then links to the page instead.
 */
export function safeEmbedUrl(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.port || url.username || url.password) return null;
  const host = bareHost(url);
  if (host === 'youtube-nocookie.com' || host === 'youtube.com') {
    const id = /^\/embed\/([^/]+)$/.exec(url.pathname)?.[1];
    return id && youtubeId.test(id) ? `https://www.youtube-nocookie.com/embed/${id}` : null;
  }
  if (host === 'player.vimeo.com') {
    const id = /^\/video\/([^/]+)$/.exec(url.pathname)?.[1];
    if (!id || !vimeoId.test(id)) return null;
    // Unlisted videos only play with their hash.
    const hash = url.searchParams.get('h');
    return `https://player.vimeo.com/video/${id}${hash && vimeoHash.test(hash) ? `?h=${hash}` : ''}`;
  }
  if (host === 'dailymotion.com') {
    const id = /^\/embed\/video\/([^/]+)$/.exec(url.pathname)?.[1];
    return id && dailymotionId.test(id) ? `https://www.dailymotion.com/embed/video/${id}` : null;
  }
  return null;
}
