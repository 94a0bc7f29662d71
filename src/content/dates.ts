/**
 * The one parser of publication dates: the DateTime scalar (every date the API takes) and the
 * importer (`publishedAt`) accept exactly the same values.
 *
 * RFC 3339 date-times, e.g. "2026-03-19T10:00:00Z" or "2026-03-19T12:00:00.5+02:00": seconds
 * required, up to 9 fraction digits (kept to the millisecond), an explicit offset (`-00:00` reads
 * as UTC). The date must exist on the calendar: "2025-02-30" is refused, not rolled over into
 * March. Years run from 1000 to 9999 (the instant, in UTC, too): a four-digit year below 1000 is
 * almost always a typo ("0026" for "2026"), and every date in this range is written by
 * toISOString as four digits, as clients parse it. Leap seconds (":60") are refused: JavaScript
 * dates cannot hold them.
 *
 * The importer also takes an RFC 3339 full-date ("2026-03-19"), which stands for midnight UTC of
 * that day; under the same rules.
 */

export const EARLIEST_YEAR = 1000;
export const LATEST_YEAR = 9999;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const EARLIEST = Date.UTC(EARLIEST_YEAR, 0, 1);
const LATEST = Date.UTC(LATEST_YEAR, 11, 31, 23, 59, 59, 999);

/** Why a value is not a date this API accepts (callers say which field it came from). */
export class DateParseError extends Error {}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function checkCalendarDate(text: string, year: number, month: number, day: number): void {
  if (year < EARLIEST_YEAR || year > LATEST_YEAR)
    throw new DateParseError(`"${text}" has a year outside ${EARLIEST_YEAR}-${LATEST_YEAR}`);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    throw new DateParseError(`"${text}" is not a date on the calendar`);
}

/**
 * Parses a publication date, or throws a DateParseError saying what is wrong with it.
 * `fullDate`: also accept a date without a time (midnight UTC), as the importer does.
 */
export function parsePublicationDate(value: unknown, { fullDate = false }: { fullDate?: boolean } = {}): Date {
  if (typeof value !== 'string') throw new DateParseError('not a string');
  const dateOnly = fullDate ? FULL_DATE.exec(value) : null;
  if (dateOnly) {
    const [year, month, day] = dateOnly.slice(1, 4).map(Number) as [number, number, number];
    checkCalendarDate(value, year, month, day);
    return new Date(Date.UTC(year, month - 1, day));
  }
  const match = DATE_TIME.exec(value);
  if (!match) throw new DateParseError(`"${value}" is not an RFC 3339 date-time with seconds and an offset`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  checkCalendarDate(value, year, month, day);
  if (hour > 23 || minute > 59 || second > 59)
    throw new DateParseError(`"${value}" is not a time of day (leap seconds are not accepted)`);
  let offsetMinutes = 0;
  if (match[9]) {
    const offsetHours = Number(match[10]);
    const offsetMins = Number(match[11]);
    if (offsetHours > 23 || offsetMins > 59)
      throw new DateParseError(`"${value}" has an offset that is not a time zone`);
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const millis = match[7] ? Number(match[7].slice(0, 3).padEnd(3, '0')) : 0;
  // Date.UTC reads years 0-99 as 1900-1999; they are refused above, so the year is taken as it is.
  const time = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  if (time < EARLIEST || time > LATEST)
    throw new DateParseError(`"${value}" is outside the years ${EARLIEST_YEAR}-${LATEST_YEAR} in UTC`);
  return new Date(time);
}
