import { useLayoutEffect, useRef } from 'react';
import type { Deadline } from '../../../shared/contract/views';
import { registerCountdown } from '../ticker';

/** The card's largest text: time to the next deadline, ticking locally from its absolute due time. */
export function Countdown({ deadline }: { deadline: Deadline }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    if (!ref.current) return undefined;
    return registerCountdown(ref.current, deadline.dueAt, deadline.targetMs);
  }, [deadline.dueAt, deadline.targetMs]);
  return <span ref={ref} className="countdown" data-testid="countdown" />;
}
