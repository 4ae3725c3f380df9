import { type ReactNode, useState } from 'react';

/**
 * A picture from another site (a news outlet, an image host): loaded lazily, sent without a
 * referrer (the site need not learn which page of ours showed it), and replaced by `fallback`
 * (nothing by default) when it cannot be loaded, so a dead link never shows a broken image.
 */
export function RemoteImage({
  src,
  alt,
  className,
  fallback = null,
  width,
  height,
}: {
  src: string;
  alt: string;
  className?: string;
  fallback?: ReactNode;
  width?: number;
  height?: number;
}) {
  const [failed, setFailed] = useState<string | null>(null);
  if (failed === src) return <>{fallback}</>;
  return (
    <img
      src={src}
      alt={alt}
      className={className}
      loading="lazy"
      decoding="async"
      referrerPolicy="no-referrer"
      width={width}
      height={height}
      onError={() => setFailed(src)}
    />
  );
}
