import { useState } from 'react';
import { type ImageResult, safeEmbedUrl, type VideoResult } from '../api/media.ts';
import { formatDate, formatDuration, spokenDuration } from '../lib/format.ts';
import { RemoteImage } from './remote-image.tsx';

const platformNames: Record<string, string> = {
  youtube: 'YouTube',
  vimeo: 'Vimeo',
  dailymotion: 'Dailymotion',
  twitch: 'Twitch',
  tiktok: 'TikTok',
  rumble: 'Rumble',
  bilibili: 'Bilibili',
  ted: 'TED',
  odysee: 'Odysee',
  bitchute: 'BitChute',
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X',
};

/** "YouTube" for media-svc's `youtube`; another site's host as it is. */
export const platformName = (platform: string) => platformNames[platform] ?? platform;

/** An image that opens the page it is on; with `caption`, its title, site and size below it. */
export function ImageTile({ image, caption = false }: { image: ImageResult; caption?: boolean }) {
  const size = image.width && image.height ? `${image.width} × ${image.height}` : null;
  return (
    <a
      className={`image-tile${caption ? ' image-tile--captioned' : ''}`}
      href={image.pageUrl}
      target="_blank"
      rel="noopener noreferrer"
      title={`${image.title} (${image.source})`}
    >
      <span className="image-tile__frame">
        <RemoteImage
          src={image.thumbnailUrl}
          alt={`${image.title}, from ${image.source}`}
          fallback={<span className="image-tile__missing">Image unavailable</span>}
        />
      </span>
      {caption ? (
        <span className="image-tile__caption">
          <span className="image-tile__title">{image.title}</span>
          <span className="image-tile__meta">
            {image.source}
            {size ? ` · ${size}` : ''}
          </span>
        </span>
      ) : null}
    </a>
  );
}

/**
 * A video: its thumbnail (with length) opens it where it lives; a video with a player we allow
 * (media-svc's safe embedUrl) can also be played here, and only then is the player loaded, so the
 * video site learns nothing until the person asks for it.
 */
export function VideoCard({ video }: { video: VideoResult }) {
  const [playing, setPlaying] = useState(false);
  const embed = safeEmbedUrl(video);
  const platform = platformName(video.platform);
  const meta = [platform, video.author, video.publishedDate ? formatDate(video.publishedDate) : null].filter(
    Boolean,
  );
  return (
    <article className="video-card">
      {playing && embed ? (
        <div className="video-card__player">
          <iframe
            src={`${embed}${embed.includes('?') ? '&' : '?'}autoplay=1`}
            title={`${video.title} (${platform} player)`}
            allow="autoplay; encrypted-media; fullscreen; picture-in-picture"
            allowFullScreen
            sandbox="allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox"
            referrerPolicy="strict-origin-when-cross-origin"
          />
        </div>
      ) : (
        <a
          className="video-card__thumb"
          href={video.pageUrl}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={`Watch ${video.title} on ${platform}`}
        >
          {video.thumbnailUrl ? (
            <RemoteImage src={video.thumbnailUrl} alt="" fallback={<span className="video-card__blank" />} />
          ) : (
            <span className="video-card__blank" />
          )}
          <span className="video-card__play-icon">
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
              <path d="M8 5v14l11-7z" fill="currentColor" />
            </svg>
          </span>
          {video.durationSeconds ? (
            <span className="video-card__duration">{formatDuration(video.durationSeconds)}</span>
          ) : null}
        </a>
      )}
      <div className="video-card__body">
        <a className="video-card__title" href={video.pageUrl} target="_blank" rel="noopener noreferrer">
          {video.title}
          {video.durationSeconds ? (
            <span className="visually-hidden">, {spokenDuration(video.durationSeconds)}</span>
          ) : null}
        </a>
        <span className="video-card__meta">{meta.join(' · ')}</span>
        {embed && !playing ? (
          <button
            type="button"
            className="button button--quiet video-card__play"
            onClick={() => setPlaying(true)}
          >
            Play here<span className="visually-hidden">: {video.title}</span>
          </button>
        ) : null}
      </div>
    </article>
  );
}
