import { memo } from 'react';
import { readPlan } from './dot-colors.ts';

export interface DotSpec {
  color: string;
  label: string;
}

/**
 * Single messages travelling along an edge, one dot per message per second
 * at low rates, so a learner can follow them. Coloured by outcome or by
 * routing key (see dot-colors.ts); each dot says what it is on hover, and the
 * legend says what the colours mean in words.
 */
export const MessageDots = memo(function MessageDots({ path, plan }: { path: string; plan: string }) {
  const dots = readPlan(plan);
  const n = dots.length;
  const dur = 1.6;
  return (
    <g aria-hidden="true">
      {dots.map((d, i) => {
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
