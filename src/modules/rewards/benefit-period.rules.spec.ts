import { birthdayPeriod, birthdaySuffixesOn, isMemberDay, memberDayPeriod } from './benefit-period.rules';

describe('benefit period rules', () => {
  it("matches today's birthdays by month and day", () => {
    expect(birthdaySuffixesOn(new Date('2026-11-23T05:00:00Z'))).toEqual(['-11-23']);
  });

  it('celebrates February 29 birthdays on February 28 in common years only', () => {
    expect(birthdaySuffixesOn(new Date('2026-02-28T00:00:00Z'))).toEqual(['-02-28', '-02-29']);
    expect(birthdaySuffixesOn(new Date('2028-02-28T00:00:00Z'))).toEqual(['-02-28']);
    expect(birthdaySuffixesOn(new Date('2028-02-29T00:00:00Z'))).toEqual(['-02-29']);
  });

  it('grants a birthday once a year and a member day once a month', () => {
    const at = new Date('2026-03-08T10:00:00Z');
    expect(birthdayPeriod(at)).toBe('2026');
    expect(memberDayPeriod(at)).toBe('2026-03');
  });

  it('holds the member day on its day, or on the last day of a shorter month', () => {
    expect(isMemberDay(new Date('2026-03-08T10:00:00Z'), 8)).toBe(true);
    expect(isMemberDay(new Date('2026-03-09T10:00:00Z'), 8)).toBe(false);
    expect(isMemberDay(new Date('2026-04-30T10:00:00Z'), 31)).toBe(true);
    expect(isMemberDay(new Date('2026-02-28T10:00:00Z'), 30)).toBe(true);
  });
});
