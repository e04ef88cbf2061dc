import { useLiveText, type LiveReading } from '../ticker';

/** Text that follows the clock (an age, the wall clock) without re-rendering React each second. */
export function LiveText({
  reading,
  deps,
  className,
  testId,
}: {
  reading: (now: number) => LiveReading;
  deps: readonly unknown[];
  className?: string;
  testId?: string;
}) {
  const ref = useLiveText(reading, deps);
  return <span ref={ref} className={className} data-testid={testId} />;
}
