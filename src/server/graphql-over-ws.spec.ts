import { armTokenExpiry, MAX_TIMER_MS } from './graphql-over-ws';

describe('the token expiry timer of a socket', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('fires at expiry for a token valid for longer than setTimeout can wait, not when the first timer runs out', () => {
    const thirtyDaysMs = 30 * 24 * 3600 * 1000;
    const expiresAt = (Date.now() + thirtyDaysMs) / 1000;
    const expired = jest.fn();
    armTokenExpiry(expiresAt, expired);

    jest.advanceTimersByTime(MAX_TIMER_MS);
    expect(expired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(thirtyDaysMs - MAX_TIMER_MS - 1);
    expect(expired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('fires once at expiry for a short-lived token, and never once cancelled', () => {
    const expired = jest.fn();
    armTokenExpiry(Date.now() / 1000 + 60, expired);
    const cancelled = jest.fn();
    armTokenExpiry(Date.now() / 1000 + 60, cancelled).cancel();
    jest.advanceTimersByTime(60_000);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
  });

  it('stops a long wait when cancelled after it has re-armed', () => {
    const expired = jest.fn();
    const timer = armTokenExpiry(Date.now() / 1000 + 40 * 24 * 3600, expired);
    jest.advanceTimersByTime(MAX_TIMER_MS + 1_000);
    timer.cancel();
    jest.advanceTimersByTime(40 * 24 * 3600 * 1000);
    expect(expired).not.toHaveBeenCalled();
  });
});
