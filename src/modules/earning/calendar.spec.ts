import { isTimeZone, localDate, periodBounds, startOfLocalDay } from './calendar';

describe('calendar in a time zone', () => {
  it('reads the local date and ISO weekday', () => {
    expect(localDate(new Date('2026-03-08T16:30:00Z'), 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 3,
      day: 9,
      weekday: 1,
    });
    expect(localDate(new Date('2026-03-08T16:30:00Z'), 'UTC').weekday).toBe(7);
  });

  it('finds local midnight, also across a daylight-saving change', () => {
    expect(startOfLocalDay(2026, 3, 8, 'Asia/Shanghai').toISOString()).toBe('2026-03-07T16:00:00.000Z');
    // Berlin moves to summer time on 2026-03-29.
    expect(startOfLocalDay(2026, 3, 29, 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDay(2026, 3, 30, 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('gives day, ISO week and month bounds, start inclusive and end exclusive', () => {
    const at = new Date('2026-12-31T12:00:00Z'); // a Thursday
    expect(periodBounds(at, 'day', 'UTC')).toEqual({
      start: new Date('2026-12-31T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    });
    expect(periodBounds(at, 'week', 'UTC')).toEqual({
      start: new Date('2026-12-28T00:00:00Z'),
      end: new Date('2027-01-04T00:00:00Z'),
    });
    expect(periodBounds(at, 'month', 'UTC')).toEqual({
      start: new Date('2026-12-01T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    });
  });

  it('recognises IANA zone names', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
