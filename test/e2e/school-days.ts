// School days for the trainings e2e specs: the demo académie (Rennes) is in zone B, whose school holidays
// are in the e2e database, so a session meant to be "pendant le temps de classe" must avoid them (and the
// public holidays) whatever the date the suite runs.
import pg from "pg";
import { frenchPublicHolidays } from "../../app/domain/trainings/holidays.ts";
import { addDays, isoWeekday, parisDate } from "../../app/domain/trainings/paris-time.ts";

import { E2E_DB } from "./db.ts";

export { E2E_DB };

/** The first given ISO weekday (1 = Monday) at least `minDays` ahead that is a school day of zone B. */
export async function nextSchoolDay(weekday: number, minDays = 7): Promise<string> {
  const client = new pg.Client({ connectionString: E2E_DB });
  await client.connect();
  try {
    const { rows } = await client.query<{ first: string; last: string }>(
      `SELECT to_char("firstDay", 'YYYY-MM-DD') AS first, to_char("lastDay", 'YYYY-MM-DD') AS last FROM "SchoolHoliday" WHERE "zone" = 'B'`,
    );
    const closed = (day: string) =>
      rows.some((r) => r.first <= day && day <= r.last) || frenchPublicHolidays(Number(day.slice(0, 4))).some((h) => h.from === day);
    let day = addDays(parisDate(new Date()), minDays);
    while (isoWeekday(day) !== weekday || closed(day)) day = addDays(day, 1);
    return day;
  } finally {
    await client.end();
  }
}
