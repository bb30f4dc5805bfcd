import { memo } from 'react';

export interface DotSpec {
  color: string;
  label: string;
}

/**
 * Single messages travelling along an edge, one dot per message per second
 * at low rates, so a learner can follow them. Colour by outcome; the edge's
 * label and the legend say the same in words.
 */
export const MessageDots = memo(function MessageDots({ path, rate, dots }: { path: string; rate: number; dots: (i: number) => DotSpec }) {
  const n = Math.min(8, Math.max(1, Math.round(rate)));
  const dur = 1.6;
  return (
    <g aria-hidden="true">
      {Array.from({ length: n }, (_, i) => {
        const d = dots(i);
        return (
          <circle key={`${i}-${d.color}`} r={4.5} className="edge-dot" fill={d.color}>
            <title>{d.label}</title>
            <animateMotion dur={`${dur}s`} repeatCount="indefinite" path={path} begin={`${(-i * dur) / n}s`} />
          </circle>
        );
      })}
    </g>
  );
});
