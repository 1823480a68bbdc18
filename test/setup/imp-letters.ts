// Builders for the tests of the DANE's letters overview and payroll export: mission letters and their IMP
// attributions written directly (the letter workflow itself is tested with the letter pages).
import { randomBytes } from "node:crypto";
import { getDb } from "../../app/db/db.server.ts";

export async function letterSurveyVersion(schoolYearId: string) {
  const db = getDb();
  await db.schoolYear.upsert({
    where: { id: schoolYearId },
    update: {},
    create: { id: schoolYearId, startsOn: new Date(`${schoolYearId.slice(0, 4)}-09-01`), endsOn: new Date(`${schoolYearId.slice(5)}-08-31`) },
  });
  return db.surveyVersion.upsert({
    where: { key_schoolYearId_version: { key: "lettre-de-mission", schoolYearId, version: 1 } },
    update: {},
    create: { key: "lettre-de-mission", schoolYearId, version: 1, checksum: randomBytes(8).toString("hex"), title: "Lettre de mission", definition: {} },
  });
}

export type AttributionInput = {
  firstName: string;
  lastName: string;
  email: string;
  staffStatus?: string;
  impCents?: number | null;
  reliefHours?: number | null;
  startsOn?: string | null;
  endsOn?: string | null;
  replacesEmail?: string | null;
};

export async function makeLetter(
  establishmentId: string,
  schoolYearId: string,
  status: "DRAFT" | "SUBMITTED" | "SIGNED" | "VALIDATED",
  figures: { envelopeCents?: number | null; topUpCents?: number; returnedAt?: Date | null } = {},
  attributions: AttributionInput[] = [],
) {
  const db = getDb();
  const version = await letterSurveyVersion(schoolYearId);
  const attributedCents = attributions.reduce((sum, a) => sum + (a.impCents ?? 0), 0);
  return db.missionLetter.create({
    data: {
      establishmentId,
      schoolYearId,
      surveyVersionId: version.id,
      status,
      data: {},
      envelopeCents: figures.envelopeCents ?? null,
      topUpCents: figures.topUpCents ?? 0,
      attributedCents,
      returnedAt: figures.returnedAt ?? null,
      signedAt: status === "SIGNED" || status === "VALIDATED" ? new Date() : null,
      validatedAt: status === "VALIDATED" ? new Date() : null,
      attributions: {
        create: attributions.map((a, position) => ({
          establishmentId,
          schoolYearId,
          position,
          firstName: a.firstName,
          lastName: a.lastName,
          email: a.email,
          staffStatus: a.staffStatus ?? "enseignant",
          impCents: a.impCents ?? null,
          reliefHours: a.reliefHours ?? null,
          startsOn: a.startsOn ? new Date(`${a.startsOn}T00:00:00Z`) : null,
          endsOn: a.endsOn ? new Date(`${a.endsOn}T00:00:00Z`) : null,
          replacesEmail: a.replacesEmail ?? null,
        })),
      },
    },
  });
}
