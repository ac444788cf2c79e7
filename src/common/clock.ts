/**
 * The one source of "now". Services, repositories, jobs, seeds and plugins read the time from `clock`,
 * never from `new Date()` or `Date.now()` (ESLint forbids both in the domain code), so a test or a
 * support replay can pin the date a scenario happens on and the suite gives the same answers whatever
 * day it runs.
 *
 * Why one replaceable clock rather than a constructor parameter on every class: "now" is read by
 * ~130 places, down to repositories that stamp `updatedAt`; threading a parameter through all of them
 * buys nothing a single injection point at the composition root does not. `startApplication` installs
 * the clock it is given (the test harness passes `clockStartingAt(...)`); production keeps the system
 * clock. Durations (timeouts, latency, cache TTLs) use `performance.now()` or `Date.now()` on purpose:
 * they measure elapsed time, not the business date.
 */
import { installSharedClock } from '@loyalty-bff/plugin-sdk';

export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** Production: the machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

let current: Clock = systemClock;

/** What the domain reads: `clock.now()`. Delegates to the installed clock. */
export const clock: Clock = { now: () => current.now() };

/** Installs the clock the whole process reads; returns the one it replaced (to restore it). */
export function installClock(next: Clock): Clock {
  const previous = current;
  current = next;
  // Plugins read "now" from the SDK's clock, possibly from their own copy of the package.
  installSharedClock(next);
  return previous;
}

/**
 * A clock that reads `start` when created and then runs at real speed. Tests pin "now" this way
 * without freezing time, so TTLs, settle delays and timeouts still elapse as they would in production.
 */
export function clockStartingAt(start: Date | string, base: Clock = systemClock): Clock {
  const offsetMs = new Date(start).getTime() - base.now().getTime();
  if (Number.isNaN(offsetMs)) throw new Error(`clockStartingAt: not a date: ${String(start)}`);
  return { now: () => new Date(base.now().getTime() + offsetMs) };
}

/** A clock that only moves when told to: for unit tests of rules that compare instants. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
