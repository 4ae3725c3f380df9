import { useState } from 'react';
import { domainOf } from '../lib/format.ts';

/**
 * The site's favicon, fetched from the site itself (no third-party favicon service learns what
 * was asked); its initial on a tinted square when there is none or the network says no.
 */
export function SourceIcon({ url }: { url: string }) {
  const [failed, setFailed] = useState(false);
  const domain = domainOf(url);
  const local = url.startsWith('file:');
  if (local || failed) {
    const hue = [...domain].reduce((sum, char) => sum + char.charCodeAt(0), 0) % 360;
    return (
      <span
        className="source-icon source-icon--letter"
        style={{ background: `hsl(${hue} 45% 42%)` }}
        aria-hidden="true"
      >
        {local ? '¶' : domain.charAt(0).toUpperCase()}
      </span>
    );
  }
  return (
    <img
      className="source-icon"
      src={`${new URL(url).origin}/favicon.ico`}
      alt=""
      width={16}
      height={16}
      loading="lazy"
      referrerPolicy="no-referrer"
      onError={() => setFailed(true)}
    />
  );
}
