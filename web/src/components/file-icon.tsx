/** A page with a folded corner: marks the researcher's own files among web sources. */
export function FileIcon({ size = 16 }: { size?: number }) {
  return (
    <svg className="file-icon" viewBox="0 0 16 16" width={size} height={size} aria-hidden="true">
      <path
        d="M4 1.5h5.2L12.5 4.8V14a.5.5 0 0 1-.5.5H4a.5.5 0 0 1-.5-.5V2a.5.5 0 0 1 .5-.5Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        strokeLinejoin="round"
      />
      <path d="M9 1.7V5h3.3M5.7 8.2h4.6M5.7 10.7h4.6" fill="none" stroke="currentColor" strokeWidth="1.3" />
    </svg>
  );
}
