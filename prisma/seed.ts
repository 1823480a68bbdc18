// Demo data: one académie, 30 real establishments (extract of the public Annuaire de l'éducation shipped in
// prisma/demo, loaded by the real importer: ADR 018), two school years, and one account per role (README).
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PrismaClient } from "../app/generated/prisma/client.ts";
import { schoolYearBounds, schoolYearIdFor } from "../app/domain/school-year.ts";
import { syncSurveyVersions } from "../app/surveys/registry.server.ts";
import { createPoitiersRuleSet } from "../app/services/imp-rule-sets.server.ts";
import { seedDemoLetters } from "./demo/letters.ts";
import { seedDemoLetterHistory } from "./demo/letters-history.ts";
import { seedDemoTrainings } from "./demo/trainings.ts";
import { DEMO_ACADEMY_CODE, DEMO_ANNUAIRE_FILE, demoAnnuaireBytes, demoDirectory } from "./demo/directory.ts";
import { importAnnuaire } from "../app/services/imports.server.ts";

export const DEMO_ACCOUNTS = [
  { email: "admin@rupn.example", firstName: "Alice", lastName: "Admin", role: "ADMIN", establishments: [] },
  { email: "dane@rupn.example", firstName: "Damien", lastName: "Lefèvre", role: "DANE", establishments: [] },
  { email: "rectorat@rupn.example", firstName: "Rachel", lastName: "Moreau", role: "RECTORAT", establishments: [] },
  { email: "chef@rupn.example", firstName: "Claire", lastName: "Martin", role: "CHEF", establishments: [0, 1] },
  { email: "chef2@rupn.example", firstName: "Paul", lastName: "Bernard", role: "CHEF", establishments: [16] },
  { email: "rupn@rupn.example", firstName: "Romain", lastName: "Dubois", role: "RUPN", establishments: [0] },
  { email: "rupn2@rupn.example", firstName: "Sophie", lastName: "Leroy", role: "RUPN", establishments: [0, 16] },
  // The ministry: the national view only (ADR 022). Its grant row names the demo académie, as every grant does.
  { email: "national@rupn.example", firstName: "Nadia", lastName: "Garnier", role: "NATIONAL", establishments: [] },
] as const;

/** Small deterministic variation so that the current year's estimate differs from last year's figure. */
function estimate(count: number, uai: string) {
  const seed = [...uai].reduce((acc, c) => acc + c.charCodeAt(0), 0);
  return Math.round(count * (1 + ((seed % 7) - 3) / 100));
}

export async function seedDemo(db: PrismaClient, now = new Date()) {
  const current = schoolYearIdFor(now);
  const previous = `${Number(current.slice(0, 4)) - 1}-${current.slice(0, 4)}`;
  for (const id of [previous, current]) {
    await db.schoolYear.upsert({ where: { id }, update: {}, create: { id, ...schoolYearBounds(id) } });
  }
  // The directory goes through the importer, like any Annuaire file: types, sectors, zones and last year's pupil
  // counts (Nombre_d_eleves) come from the file. Re-seeding re-imports it and changes nothing.
  const imported = await importAnnuaire(demoAnnuaireBytes(), {
    fileName: DEMO_ANNUAIRE_FILE,
    actorId: null,
    channel: "demo",
    academyCode: DEMO_ACADEMY_CODE,
    pupilSchoolYearId: previous,
  });
  if (imported.status !== "SUCCEEDED") throw new Error(`Import de l'annuaire de démonstration impossible : ${imported.error}`);
  const records = await demoDirectory();
  const file = { establishments: records.map((r) => ({ uai: r.uai, pupilCount: r.pupilCount ?? 0 })) };

  await db.$transaction(async (tx) => {
    const academy = await tx.academy.findUniqueOrThrow({ where: { code: DEMO_ACADEMY_CODE } });
    const establishments = await tx.establishment.findMany({
      where: { uai: { in: file.establishments.map((e) => e.uai) } },
      select: { id: true, uai: true },
    });
    const idByUai = new Map(establishments.map((e) => [e.uai, e.id]));
    // This year's counts are not published yet: a labelled estimate, so that the IMP envelopes can be computed.
    await tx.establishmentYear.createMany({
      data: file.establishments.map((e) => ({
        establishmentId: idByUai.get(e.uai)!,
        schoolYearId: current,
        pupilCount: estimate(e.pupilCount, e.uai),
        source: "Démonstration (estimation)",
      })),
      skipDuplicates: true,
    });
    for (const account of DEMO_ACCOUNTS) {
      const user = await tx.user.upsert({
        where: { email: account.email },
        update: {},
        create: { email: account.email, firstName: account.firstName, lastName: account.lastName },
      });
      const targets = account.establishments.length
        ? account.establishments.map((i) => idByUai.get(file.establishments[i].uai)!)
        : [null];
      // RUPN are designated per school year: the demo referents served last year (the year of the open bilan
      // campaign, whose audience they are) and go on this year. The other roles hold until changed.
      const years = account.role === "RUPN" ? [previous, current] : [null];
      for (const establishmentId of targets) {
        for (const schoolYearId of years) {
          const exists = await tx.roleAssignment.findFirst({ where: { userId: user.id, role: account.role, establishmentId, schoolYearId } });
          if (exists) continue;
          await tx.roleAssignment.create({ data: { userId: user.id, role: account.role, academyId: academy.id, establishmentId, schoolYearId } });
        }
      }
    }
  });
  await seedDemoRuleSets(db, DEMO_ACADEMY_CODE, [previous, current]);
  await seedDemoCampaign(db, DEMO_ACADEMY_CODE, previous, now);
  await seedDemoLetters(db, file.establishments[0].uai, previous);
  // School holidays (official calendar) and the demo training catalogue: prisma/demo/trainings.ts.
  await seedDemoTrainings(db, now);
  await (await import("./demo/bilans.ts")).seedDemoBilans(db, DEMO_ACADEMY_CODE, now);
  // Validated letters of the bilan years, consistent with the bilans, and letters in progress last year. The
  // chefs' establishments keep theirs to the e2e tests (establishment 0: only last year's letter above).
  const chefs = new Set(DEMO_ACCOUNTS.flatMap((a) => (a.role === "CHEF" ? a.establishments.map((i) => file.establishments[i].uai) : [])));
  await seedDemoLetterHistory(db, DEMO_ACADEMY_CODE, {
    pupils: new Map(file.establishments.map((e) => [e.uai, e.pupilCount])),
    skip: new Set([file.establishments[0].uai, ...chefs]),
    previous,
    ensureRuleSets: (years) => seedDemoRuleSets(db, DEMO_ACADEMY_CODE, years),
  });
  return { establishments: file.establishments.length, accounts: DEMO_ACCOUNTS.length, schoolYears: [previous, current] };
}

/** The IMP envelope rules of seed 001 (Poitiers, 2015), published for both demo years. */
async function seedDemoRuleSets(db: PrismaClient, academyCode: string, schoolYearIds: string[]) {
  const academy = await db.academy.findUniqueOrThrow({ where: { code: academyCode } });
  for (const schoolYearId of schoolYearIds) {
    if (await db.impRuleSet.count({ where: { academyId: academy.id, schoolYearId } })) continue;
    await createPoitiersRuleSet(db, academy.id, schoolYearId);
  }
}

/** An open bilan campaign about the school year just ended, so that the RUPN accounts have something to fill. */
async function seedDemoCampaign(db: PrismaClient, academyCode: string, schoolYearId: string, now: Date) {
  await syncSurveyVersions(undefined, db);
  const academy = await db.academy.findUniqueOrThrow({ where: { code: academyCode } });
  const version = await db.surveyVersion.findFirst({ where: { key: "bilan-annuel", schoolYearId }, orderBy: { version: "desc" } })
    ?? (await db.surveyVersion.findFirst({ where: { key: "bilan-annuel" }, orderBy: [{ schoolYearId: "desc" }, { version: "desc" }] }));
  if (!version || (await db.campaign.count({ where: { academyId: academy.id } })) > 0) return;
  const day = 24 * 3600 * 1000;
  await db.campaign.create({
    data: {
      title: `Bilan annuel des RUPN ${schoolYearId}`,
      academyId: academy.id,
      schoolYearId,
      surveyVersionId: version.id,
      opensAt: new Date(now.getTime() - 7 * day),
      closesAt: new Date(now.getTime() + 60 * day),
    },
  });
}

export async function demoEstablishmentUais(): Promise<string[]> {
  return (await demoDirectory()).map((e) => e.uai);
}

// `npm run db:seed`: seed the database named by DATABASE_URL.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { getDb, disconnectDb } = await import("../app/db/db.server.ts");
  const result = await seedDemo(getDb());
  console.log(`Données de démonstration : ${result.establishments} établissements, ${result.accounts} comptes.`);
  await disconnectDb();
}
