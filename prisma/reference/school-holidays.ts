// Official school holidays (vacances scolaires) of metropolitan France, zones A, B and C, school years
// 2025-2026 and 2026-2027: the reference data behind the "pendant / hors temps de classe" slot (ADR 012).
//
// Source: the calendrier scolaire fixed by the Ministère de l'Éducation nationale (arrêté published in the
// Journal officiel of 8 December 2022 for 2023-2024 to 2025-2026, then the calendar of 2026-2027), as published on
//   https://www.education.gouv.fr/calendrier-scolaire-100148 and in the ministry's open data set
//   "Calendrier scolaire" (fr-en-calendrier-scolaire): https://data.education.gouv.fr/explore/dataset/fr-en-calendrier-scolaire/
//   (also https://www.service-public.gouv.fr/particuliers/vosdroits/F31952).
// Each period was cross-checked, when this file was written (November 2026), against at least two
// independent copies of that calendar (press and académie/school pages for 2025-2026; a copy of the open data
// set by zone and the service-public page for zone C for 2026-2027).
//
// Convention: the official text gives the day of departure (after the last class) and the day classes
// resume (in the morning): "du samedi 14 février au lundi 2 mars 2026". Stored here are the calendar days
// without classes, both inclusive: 2026-02-14 → 2026-03-01. The "pont de l'Ascension" (no classes on the
// Friday and Saturday after Ascension Thursday) is stored Thursday → Sunday, as the open data set does.
// Summer holidays stop at 31 August, the end of our school year.
//
// These rows are inserted once per zone and school year (`syncOfficialSchoolHolidays`, at server start and
// with the demo data); the DANE then corrects them in the application (/formations/vacances), and a later
// sync never overwrites a zone and year that already has periods.
import type { Prisma, PrismaClient } from "../../app/generated/prisma/client.ts";
import { schoolYearBounds } from "../../app/domain/school-year.ts";
import { HOLIDAY_ZONES, type HolidayZone } from "../../app/domain/trainings/school-holidays.ts";
import { assignAcademyZones } from "../../app/services/school-calendar.server.ts";

export const OFFICIAL_SOURCE = "Calendrier scolaire officiel (Ministère de l'Éducation nationale)";

type Period = { label: string; firstDay: string; lastDay: string };
type ZoneDates = Record<HolidayZone, [string, string]>;

const TOUSSAINT = "Vacances de la Toussaint";
const NOEL = "Vacances de Noël";
const HIVER = "Vacances d'hiver";
const PRINTEMPS = "Vacances de printemps";
const ASCENSION = "Pont de l'Ascension";
const ETE = "Vacances d'été";

function year(common: { toussaint: [string, string]; noel: [string, string]; ascension: [string, string]; ete: [string, string] }, hiver: ZoneDates, printemps: ZoneDates): Record<HolidayZone, Period[]> {
  const p = (label: string, [firstDay, lastDay]: [string, string]): Period => ({ label, firstDay, lastDay });
  return Object.fromEntries(
    HOLIDAY_ZONES.map((zone) => [
      zone,
      [p(TOUSSAINT, common.toussaint), p(NOEL, common.noel), p(HIVER, hiver[zone]), p(PRINTEMPS, printemps[zone]), p(ASCENSION, common.ascension), p(ETE, common.ete)],
    ]),
  ) as Record<HolidayZone, Period[]>;
}

export const OFFICIAL_SCHOOL_HOLIDAYS: Readonly<Record<string, Record<HolidayZone, Period[]>>> = {
  // Rentrée lundi 1er septembre 2025. Toussaint du samedi 18 octobre au lundi 3 novembre 2025; Noël du samedi
  // 20 décembre 2025 au lundi 5 janvier 2026; hiver A 7→23 février, B 14 février→2 mars, C 21 février→9 mars
  // 2026; printemps A 4→20 avril, B 11→27 avril, C 18 avril→4 mai 2026; pas de classe les vendredi 15 et
  // samedi 16 mai 2026; été à partir du samedi 4 juillet 2026.
  "2025-2026": year(
    { toussaint: ["2025-10-18", "2025-11-02"], noel: ["2025-12-20", "2026-01-04"], ascension: ["2026-05-14", "2026-05-17"], ete: ["2026-07-04", "2026-08-31"] },
    { A: ["2026-02-07", "2026-02-22"], B: ["2026-02-14", "2026-03-01"], C: ["2026-02-21", "2026-03-08"] },
    { A: ["2026-04-04", "2026-04-19"], B: ["2026-04-11", "2026-04-26"], C: ["2026-04-18", "2026-05-03"] },
  ),
  // Rentrée mardi 1er septembre 2026. Toussaint du samedi 17 octobre au lundi 2 novembre 2026; Noël du samedi
  // 19 décembre 2026 au lundi 4 janvier 2027; hiver A 13 février→1er mars, B 20 février→8 mars, C 6→22 février
  // 2027; printemps A 10→26 avril, B 17 avril→3 mai, C 3→19 avril 2027; pas de classe le vendredi 7 mai 2027
  // (pont de l'Ascension); été à partir du samedi 3 juillet 2027.
  "2026-2027": year(
    { toussaint: ["2026-10-17", "2026-11-01"], noel: ["2026-12-19", "2027-01-03"], ascension: ["2027-05-06", "2027-05-09"], ete: ["2027-07-03", "2027-08-31"] },
    { A: ["2027-02-13", "2027-02-28"], B: ["2027-02-20", "2027-03-07"], C: ["2027-02-06", "2027-02-21"] },
    { A: ["2027-04-10", "2027-04-25"], B: ["2027-04-17", "2027-05-02"], C: ["2027-04-03", "2027-04-18"] },
  ),
};

type Client = PrismaClient | Prisma.TransactionClient;

/**
 * Inserts the official periods of every zone and school year that has none yet (idempotent; never
 * overwrites the DANE's corrections), creating the school years if needed, and assigns académie zones.
 */
export async function syncOfficialSchoolHolidays(db: Client): Promise<{ inserted: number; academiesAssigned: number }> {
  let inserted = 0;
  for (const [schoolYearId, zones] of Object.entries(OFFICIAL_SCHOOL_HOLIDAYS)) {
    await db.schoolYear.upsert({ where: { id: schoolYearId }, update: {}, create: { id: schoolYearId, ...schoolYearBounds(schoolYearId) } });
    for (const zone of HOLIDAY_ZONES) {
      if ((await db.schoolHoliday.count({ where: { zone, schoolYearId } })) > 0) continue;
      const created = await db.schoolHoliday.createMany({
        data: zones[zone].map((p) => ({
          zone,
          schoolYearId,
          label: p.label,
          firstDay: new Date(`${p.firstDay}T00:00:00Z`),
          lastDay: new Date(`${p.lastDay}T00:00:00Z`),
          source: OFFICIAL_SOURCE,
        })),
        skipDuplicates: true,
      });
      inserted += created.count;
    }
  }
  return { inserted, academiesAssigned: await assignAcademyZones(db) };
}
