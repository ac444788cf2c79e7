import { CircuitBreaker } from './circuit-breaker';

describe('circuit breaker', () => {
  it('opens after the threshold of failures in a row, lets one trial through after the cooldown, and closes on success', () => {
    const breaker = new CircuitBreaker(
      () => 3,
      () => 1000,
    );
    breaker.failed(0);
    breaker.failed(0);
    expect(breaker.state(0)).toBe('CLOSED');
    breaker.failed(0);
    expect(breaker.state(10)).toBe('OPEN');
    expect(breaker.tryAcquire(10)).toBe(false);
    expect(breaker.state(1000)).toBe('HALF_OPEN');
    expect(breaker.tryAcquire(1000)).toBe(true);
    expect(breaker.tryAcquire(1000)).toBe(false);
    breaker.succeeded();
    expect(breaker.state(1001)).toBe('CLOSED');
  });

  it('opens again at once when the half-open trial fails', () => {
    const breaker = new CircuitBreaker(
      () => 1,
      () => 1000,
    );
    breaker.failed(0);
    expect(breaker.tryAcquire(1000)).toBe(true);
    breaker.failed(1000);
    expect(breaker.state(1500)).toBe('OPEN');
  });
});
