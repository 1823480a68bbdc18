// Bulk test data for the system tests: an académie, an open bilan campaign and many RUPN with their drafts.
import { readFileSync } from "node:fs";
import { getDb } from "../../app/db/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { definitionChecksum } from "../../app/surveys/checksum.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser } from "../setup/factories.ts";

const day = 24 * 3600 * 1000;

export type Referent = { userId: string; cookie: string; responseId: string };

/** `count` RUPN of one académie, each with a draft bilan (version 1) in an open campaign, and a session cookie. */
export async function bilanWorld(count: number) {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  await db.schoolYear.upsert({ where: { id: "2025-2026" }, update: {}, create: { id: "2025-2026", startsOn: new Date("2025-09-01"), endsOn: new Date("2026-08-31") } });
  const definition = JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8"));
  const academy = await makeAcademy("Rennes");
  const schools = await Promise.all([0, 1, 2, 3].map(() => makeEstablishment(academy.id)));
  const version = await db.surveyVersion.create({
    data: { key: "bilan-annuel", schoolYearId: "2025-2026", version: 1, checksum: definitionChecksum(definition), title: definition.title, definition },
  });
  const campaign = await db.campaign.create({
    data: { title: "Bilan annuel", academyId: academy.id, schoolYearId: "2025-2026", surveyVersionId: version.id, opensAt: new Date(Date.now() - day), closesAt: new Date(Date.now() + day) },
  });
  const referents: Referent[] = [];
  for (let i = 0; i < count; i++) {
    const school = schools[i % schools.length];
    const user = await makeUser([{ role: "RUPN", academyId: academy.id, establishmentId: school.id, schoolYearId: year }], `rupn${i}.${academy.id.slice(-6)}@ac-test.fr`);
    const response = await db.surveyResponse.create({
      data: { campaignId: campaign.id, surveyVersionId: version.id, establishmentId: school.id, respondentId: user.id, data: {} },
    });
    referents.push({ userId: user.id, cookie: (await createSession(user.id)).split(";")[0], responseId: response.id });
  }
  return { year, academy, schools, version, campaign, referents };
}

/** A process that keeps one core busy (bounded: it stops by itself after `seconds`). */
export function cpuHogSource(seconds: number) {
  return `const end = Date.now() + ${seconds * 1000}; let x = 0; while (Date.now() < end) { x = (x * 1103515245 + 12345) % 2147483648; }`;
}
