import { sharedSlot } from './brand';

export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The clock the host installed (tests pin it); the machine's clock until then. */
const installed = sharedSlot<{ clock: Clock | null }>('clock', () => ({ clock: null }));

/**
 * "Now" for plugins: the host's one clock, which tests pin (never `new Date()` for a business date).
 * It reads the clock the host installed, whichever copy of the SDK the plugin was built with.
 */
export const clock: Clock = { now: () => installed.clock?.now() ?? new Date() };

/** For the host only: makes `clock` read `next` in every copy of the SDK; returns the previous one. */
export function installSharedClock(next: Clock | null): Clock | null {
  const previous = installed.clock;
  installed.clock = next;
  return previous;
}
