// Working-day arithmetic for case deadlines (server/cases/working-days.ts), checked against calendars of known years.
import { describe, expect, it } from 'vitest';
import { addWorkingDays, easterSunday, isWorkingDay, publicHolidays, warsawDay, workingDaysBetween } from '../../server/cases/working-days.ts';

describe('working days', () => {
  it('finds Easter Sunday of known years', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('lists the movable holidays of 2026 (Zielone Świątki 24 May, Boże Ciało 4 June)', () => {
    const h = publicHolidays(2026);
    expect(h.get('2026-04-06')).toBe('Poniedziałek Wielkanocny');
    expect(h.get('2026-05-24')).toBe('Zielone Świątki');
    expect(h.get('2026-06-04')).toBe('Boże Ciało');
    expect(h.size).toBe(14);
    expect(publicHolidays(2024).has('2024-12-24')).toBe(false); // Wigilia is free from 2025
  });

  it('knows weekends and holidays', () => {
    expect(isWorkingDay('2026-12-03')).toBe(true);   // Thursday
    expect(isWorkingDay('2026-12-05')).toBe(false);  // Saturday
    expect(isWorkingDay('2026-11-11')).toBe(false);  // Wednesday, Independence Day
    expect(isWorkingDay('2026-12-24')).toBe(false);
    expect(() => isWorkingDay('2026-13-01')).toThrow(RangeError);
  });

  it('counts 10 working days over Christmas 2026 and New Year', () => {
    // Filed Fri 18 Dec: 21, 22, 23 (24–26 off), 28, 29, 30, 31, (1 Jan off), 4, 5, (6 Jan off), 7 → 7 Jan 2027.
    expect(addWorkingDays('2026-12-18', 10)).toBe('2027-01-07');
    expect(addWorkingDays('2026-12-03', 10)).toBe('2026-12-17');
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07'); // filed on a Saturday
    expect(workingDaysBetween('2026-12-18', '2027-01-07')).toBe(10);
    expect(workingDaysBetween('2027-01-07', '2026-12-18')).toBe(-10);
  });

  it('takes the day in Warsaw, not in UTC', () => {
    expect(warsawDay(new Date('2026-12-03T23:30:00Z'))).toBe('2026-12-04');
  });
});
