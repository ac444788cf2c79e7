import { isBirthday } from './member.validation';

describe('a birthday', () => {
  const today = new Date('2026-11-22T12:00:00Z');

  it.each(['1990-12-09', '2000-02-29', '1900-01-01', '2026-11-22'])(
    'accepts the real past date %s',
    (value) => {
      expect(isBirthday(value, today)).toBe(true);
    },
  );

  it.each([
    ['2023-02-30', 'a day that does not exist'],
    ['2001-02-29', 'February 29th outside a leap year'],
    ['2026-11-23', 'a date in the future'],
    ['1899-12-31', 'a date before 1900'],
    ['09.12.1990', 'another format'],
    ['1990-12-9', 'a missing leading zero'],
  ])('refuses %s (%s)', (value) => {
    expect(isBirthday(value, today)).toBe(false);
  });
});
