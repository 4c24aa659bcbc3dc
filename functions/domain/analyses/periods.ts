// The periods an analysis covers: calendar quarters (2026-Q3), federal fiscal years (FY2026: October to September)
// and months (2026-11), and the same period a year before.
import { addDays } from '../metrics.js';

export interface Period {
  /** 2026-Q3, FY2026 or 2026-11. */
  id: string;
  from: string;
  to: string;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;
const FISCAL_YEAR = /^FY(\d{4})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const PERIOD_PATTERN = /^(\d{4}-Q[1-4]|FY\d{4}|\d{4}-(0[1-9]|1[0-2]))$/;

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');

/** The days of a period named like 2026-Q3, FY2026 or 2026-11; undefined for anything else. */
export function periodNamed(id: string): Period | undefined {
  const quarter = QUARTER.exec(id);
  if (quarter) {
    const year = Number(quarter[1]);
    const first = (Number(quarter[2]) - 1) * 3 + 1;
    return { id, from: `${year}-${pad(first)}-01`, to: lastDayOfMonth(year, first + 2) };
  }
  const fiscal = FISCAL_YEAR.exec(id);
  if (fiscal) {
    const year = Number(fiscal[1]);
    return { id, from: `${year - 1}-10-01`, to: `${year}-09-30` };
  }
  const month = MONTH.exec(id);
  if (month) {
    const year = Number(month[1]);
    return { id, from: `${year}-${month[2]}-01`, to: lastDayOfMonth(year, Number(month[2])) };
  }
  return undefined;
}

export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

export function fiscalYearOf(day: string): string {
  const year = Number(day.slice(0, 4));
  return `FY${Number(day.slice(5, 7)) >= 10 ? year + 1 : year}`;
}

/** The quarter that ended before `today` (what the quarterly schedule reports on). */
export function lastCompleteQuarter(today: string): Period {
  return periodNamed(quarterOf(addDays(periodNamed(quarterOf(today))?.from ?? today, -1))) as Period;
}

/** The month that ended before `today`. */
export function lastCompleteMonth(today: string): Period {
  return periodNamed(addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)) as Period;
}

/** The same days a year earlier (29 February falls back to the 28th). */
export function yearBefore(period: Period): Period {
  const shift = (day: string) => {
    const earlier = `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;
    return earlier.endsWith('-02-29') ? earlier.replace('-02-29', '-02-28') : earlier;
  };
  return { id: `${period.id} a year before`, from: shift(period.from), to: shift(period.to) };
}

/** The period cut at `today` when it has not ended yet (a report on the quarter so far). */
export function toDate(period: Period, today: string): Period {
  return period.to > today ? { ...period, to: today } : period;
}
