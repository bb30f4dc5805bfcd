import type { SVGProps } from 'react';

/** Small line icons drawn inline (no icon font: the CSP allows only the app's own files). */
const PATHS = {
  exchange: 'M4 7h11l-3-3M20 17H9l3 3',
  queue: 'M4 6h16v12H4zM8 6v12M12 6v12M16 6v12',
  producer: 'M5 12h11M12 7l5 5-5 5M4 5v14',
  consumer: 'M4 12h11M11 7l5 5-5 5M20 5v14',
  client: 'M4 5h16v10H4zM9 19h6M12 15v4',
  play: 'M8 5l11 7-11 7z',
  pause: 'M7 5h3v14H7zM14 5h3v14h-3z',
  step: 'M6 5l9 7-9 7zM17 5h2v14h-2z',
  undo: 'M9 14L4 9l5-5M4 9h10a6 6 0 010 12h-3',
  redo: 'M15 14l5-5-5-5M20 9H10a6 6 0 000 12h3',
  layout: 'M4 4h6v6H4zM14 14h6v6h-6zM10 7h4v10h0M14 17h-0',
  fit: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
  trash: 'M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13',
  copy: 'M8 8h11v12H8zM5 16V4h11',
  paste: 'M9 4h6v3H9zM6 6H5v15h14V6h-1',
  sun: 'M12 4V2M12 22v-2M4 12H2M22 12h-2M6 6L4.5 4.5M19.5 19.5L18 18M6 18l-1.5 1.5M19.5 4.5L18 6M12 8a4 4 0 100 8 4 4 0 000-8z',
  moon: 'M20 14A8 8 0 0110 4a8 8 0 1010 10z',
  send: 'M4 12l16-8-6 16-3-7z',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
  book: 'M5 4h6a2 2 0 012 2v14a2 2 0 00-2-2H5zM19 4h-6a2 2 0 00-2 2v14a2 2 0 012-2h6z',
  download: 'M12 4v11M7 10l5 5 5-5M5 20h14',
  upload: 'M12 20V9M7 14l5-5 5 5M5 4h14',
  warning: 'M12 3l10 18H2zM12 10v5M12 18v.5',
  close: 'M6 6l12 12M18 6L6 18',
  keyboard: 'M3 7h18v10H3zM7 11h.01M11 11h.01M15 11h.01M8 14h8',
  chart: 'M4 20V4M4 20h16M8 16l4-5 3 3 5-7',
  list: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  mail: 'M4 6h16v12H4zM4 6l8 7 8-7',
  check: 'M5 12l5 5 9-10',
  x: 'M6 6l12 12M18 6L6 18',
  search: 'M11 4a7 7 0 100 14 7 7 0 000-14zM21 21l-5-5',
  chevron: 'M9 6l6 6-6 6',
  panel: 'M4 4h16v16H4zM4 15h16',
  info: 'M12 8v.01M11 12h1v5h1M12 3a9 9 0 100 18 9 9 0 000-18z',
  clock: 'M12 3a9 9 0 100 18 9 9 0 000-18zM12 7v5l3 3',
  policy: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12l2 2 4-4',
  user: 'M12 4a4 4 0 100 8 4 4 0 000-8zM4.5 20c.6-3.6 3.6-6 7.5-6s6.9 2.4 7.5 6',
} as const;

export type IconName = keyof typeof PATHS;

/** An icon; decorative unless given a `title`. */
export function Icon({ name, size = 16, title, ...rest }: { name: IconName; size?: number; title?: string } & SVGProps<SVGSVGElement>) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden={title ? undefined : true}
      role={title ? 'img' : undefined}
      {...rest}
    >
      {title ? <title>{title}</title> : null}
      <path d={PATHS[name]} />
    </svg>
  );
}
