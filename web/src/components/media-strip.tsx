import { Link } from 'wouter';
import type { AnswerMedia } from '../api/media.ts';
import { ImageTile, VideoCard } from './media-tiles.tsx';
import '../styles/media.css';

/**
 * The images and videos chat-svc found for a question, under its answer: a row of thumbnails that
 * open their pages, the videos with length and site, and a way to see more on the media page.
 */
export function MediaStrip({ media, query }: { media: AnswerMedia | null | undefined; query: string }) {
  if (!media || (media.images.length === 0 && media.videos.length === 0)) return null;
  const more = (kind: 'images' | 'videos') => `/media?${new URLSearchParams({ q: query, kind })}`;
  return (
    <section className="media-strip" aria-label="Images and videos">
      {media.images.length > 0 ? (
        <>
          <h3 className="section-label media-strip__label">
            Images
            <Link href={more('images')} className="media-strip__more">
              More images
            </Link>
          </h3>
          <ul className="media-strip__images">
            {media.images.map((image) => (
              <li key={image.imageUrl}>
                <ImageTile image={image} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {media.videos.length > 0 ? (
        <>
          <h3 className="section-label media-strip__label">
            Videos
            <Link href={more('videos')} className="media-strip__more">
              More videos
            </Link>
          </h3>
          <ul className="media-strip__videos">
            {media.videos.map((video) => (
              <li key={video.pageUrl}>
                <VideoCard video={video} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
