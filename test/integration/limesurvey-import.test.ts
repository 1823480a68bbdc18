// LimeSurvey import into a real PostgreSQL: a historic closed campaign, responses linked to establishments (UAI with
// its check letter) and persons (email), unlinked ones listed with their reason, facts through the confirmed mapping
// and the dashboards' workload rows; the same file twice changes nothing; a broken file writes nothing.
import { readFileSync } from "node:fs";
import path from "node:path";
import { getLogs } from "@prisma/debug";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { makeAcademy, makeEstablishment, makeUai, makeUser } from "../setup/factories.ts";
import { ACTIVITIES, bilanLsa, bilanLsr, type BilanAnswer } from "../fixtures/limesurvey-bilan.ts";
import { importLimeSurvey, LimeSurveyImportError } from "../../app/services/limesurvey/import.server.ts";
import { LimeSurveyFormatError } from "../../app/domain/limesurvey/xml.ts";
import type { MappingEntry } from "../../app/domain/limesurvey/mapping.ts";
import { FIXTURES } from "../unit/limesurvey/fixtures.ts";

const { db } = useTestDatabase();

async function counts() {
  const [versions, campaigns, responses, facts, imports] = await Promise.all([
    db().surveyVersion.count(), db().campaign.count(), db().surveyResponse.count(), db().responseFact.count(), db().limeSurveyImport.count(),
  ]);
  return { versions, campaigns, responses, facts, imports };
}

describe("LimeSurvey import", () => {
  it("imports a bilan .lsa: links, lists the unlinked, writes facts and workload with explicit hour conversion", async () => {
    const academy = await makeAcademy();
    const [a, b] = [await makeEstablishment(academy.id), await makeEstablishment(academy.id)];
    const person = await makeUser([], `rupn-${Date.now()}@ac-test.fr`);
    const wrongLetter = `${a.uai.slice(0, 7)}${a.uai[7] === "A" ? "B" : "A"}`;
    const hours = [72, 36, 108, 36, 18, 18];
    const answers: BilanAnswer[] = [
      { id: 1, uai: a.uai, email: person.email, hoursPerYear: hours, referents: 2, satisfaction: "A2" },
      { id: 2, token: "tok2", hoursPerYear: [36, 0, 36, 0, 0, 0], referents: 1 }, // UAI from the token attribute
      { id: 3, uai: wrongLetter, hoursPerYear: hours },
      { id: 4, uai: makeUai(), hoursPerYear: hours }, // valid UAI, not in the académie
      { id: 5, hoursPerYear: hours },
      { id: 6, uai: a.uai.toLowerCase(), hoursPerYear: [1, 2, 3], submitted: null }, // incomplete → draft
    ];
    const bytes = bilanLsa(answers, [{ token: "tok2", email: "autre@ac-test.fr", attribute_1: b.uai }]);
    const mapping: MappingEntry[] = [
      ...ACTIVITIES.map(([code, , indicator]) => ({ column: `HEURES_${code}`, indicator: indicator as MappingEntry["indicator"], unit: "hours_per_year" as const })),
      { column: "NBREF", indicator: "context.referent_count", unit: "count" },
    ];
    const summary = await importLimeSurvey({ fileName: "bilan.lsa", bytes, academyId: academy.id, schoolYearId: "2022-2023", actorId: null, channel: "cli", mapping });

    expect(summary.status).toBe("imported");
    expect(summary.result).toMatchObject({ responses: 6, submitted: 2, drafts: 1, linkedPersons: 1 });
    expect(summary.result.unlinked.map((u) => u.id).sort()).toEqual(["3", "4", "5"]);
    expect(summary.result.unlinked.find((u) => u.id === "3")!.reason).toMatch(/lettre clé devrait être/);
    expect(summary.result.unlinked.find((u) => u.id === "4")!.reason).toMatch(/aucun établissement de ce code dans l'académie/);
    expect(summary.result.unlinked.find((u) => u.id === "5")!.reason).toMatch(/aucun UAI/);
    expect(summary.proposal.map((p) => p.indicator)).toEqual(mapping.map((m) => m.indicator));

    const campaign = await db().campaign.findUniqueOrThrow({ where: { id: summary.campaignId! } });
    expect(campaign.schoolYearId).toBe("2022-2023");
    expect(campaign.closesAt.getTime()).toBeLessThan(Date.now());
    const responses = await db().surveyResponse.findMany({ where: { campaignId: campaign.id }, include: { respondent: true } });
    const first = responses.find((r) => r.respondentId === person.id)!;
    expect(first.establishmentId).toBe(a.id);
    expect(first.status).toBe("SUBMITTED");
    expect(first.submittedAt!.toISOString()).toBe("2023-06-15T08:30:00.000Z"); // 10:30 in Paris (CEST)
    expect((first.data as { HEURES: Record<string, number> }).HEURES.ASSIST).toBe(108);
    const draft = responses.find((r) => r.status === "DRAFT")!;
    expect(draft.establishmentId).toBe(a.id);
    expect(responses.find((r) => r.establishmentId === b.id)!.respondent.email).toMatch(/@historique\.invalid$/);

    // 108 h per school year ÷ 36 weeks = 3 h per week of assistance.
    const workload = await db().responseWorkload.findUniqueOrThrow({ where: { responseId: first.id } });
    expect(workload).toMatchObject({ schoolYearId: "2022-2023", academyId: academy.id, assistance: 3, pedagogicalSupport: 2, leadershipAdvice: 1, referentCount: 2 });
    expect(await db().responseWorkload.count({ where: { campaignId: campaign.id } })).toBe(2);
    const saved = await db().limeSurveyMapping.findUniqueOrThrow({ where: { academyId_sourceSurveyId: { academyId: academy.id, sourceSurveyId: "424242" } } });
    expect(saved.entries).toEqual(mapping);

    // The same file again changes nothing.
    const before = await counts();
    const again = await importLimeSurvey({ fileName: "bilan.lsa", bytes, academyId: academy.id, schoolYearId: "2022-2023", actorId: null, channel: "cli", mapping });
    expect(again.status).toBe("unchanged");
    expect(again.importId).toBe(summary.importId);
    expect(await counts()).toEqual(before);

    // Next year's file reuses the saved mapping without being told.
    const next = await importLimeSurvey({ fileName: "bilan-2024.lsa", bytes: bilanLsa([{ id: 1, uai: a.uai, hoursPerYear: hours }]), academyId: academy.id, schoolYearId: "2023-2024", actorId: null, channel: "cli" });
    expect(next.result.facts).toBe(6);
    expect(next.result.mappingApplied).toEqual(mapping);
  });

  it("leaves no bulk statement and its parameters in Prisma's debug history (the import's memory, ADR 015)", async () => {
    const academy = await makeAcademy();
    const a = await makeEstablishment(academy.id);
    const mapping: MappingEntry[] = ACTIVITIES.map(([code, , indicator]) => ({ column: `HEURES_${code}`, indicator: indicator as MappingEntry["indicator"], unit: "hours_per_year" as const }));
    const bytes = bilanLsa([{ id: 1, uai: a.uai, hoursPerYear: [72, 36, 108, 36, 18, 18] }]);
    const summary = await importLimeSurvey({ fileName: "historique.lsa", bytes, academyId: academy.id, schoolYearId: "2021-2022", actorId: null, channel: "cli", mapping });
    expect(summary.result.facts).toBe(6);
    // The logged queries are JSON: their double quotes are escaped.
    const history = getLogs(Number.MAX_SAFE_INTEGER).replaceAll('\\"', '"');
    // The history is the pg adapter's (the queries after the bulk statements are in it)…
    expect(history).toContain("LimeSurveyImport");
    // …but the bulk statements, and the answers they carried, are not.
    expect(history).not.toContain('INSERT INTO "SurveyResponse"');
    expect(history).not.toContain('INSERT INTO "ResponseFact"');
  });

  it("imports a structure alone as a version without campaign, once", async () => {
    const academy = await makeAcademy();
    const bytes = readFileSync(path.join(FIXTURES, "LimeSurvey-workflow/limesurvey_survey_981966.lss"));
    const summary = await importLimeSurvey({ fileName: "limesurvey_survey_981966.lss", bytes, academyId: academy.id, schoolYearId: "2021-2022", actorId: null, channel: "cli" });
    expect(summary.status).toBe("structure-only");
    expect(summary.campaignId).toBeNull();
    const version = await db().surveyVersion.findUniqueOrThrow({ where: { id: summary.surveyVersionId } });
    expect(version.key).toBe("limesurvey-981966");
    expect(summary.report.counts.source).toBe(26);
    const before = await counts();
    expect((await importLimeSurvey({ fileName: "x.lss", bytes, academyId: academy.id, schoolYearId: "2021-2022", actorId: null, channel: "cli" })).status).toBe("unchanged");
    expect(await counts()).toEqual(before);
  });

  it("writes nothing for a broken file, a response file without structure, or a survey with no question", async () => {
    const academy = await makeAcademy();
    const est = await makeEstablishment(academy.id);
    const before = await counts();
    const good = bilanLsa([{ id: 1, uai: est.uai, hoursPerYear: [1, 1, 1, 1, 1, 1] }]);
    const lsr = new TextEncoder().encode(bilanLsr([{ id: 1, uai: est.uai }]));
    const corrupt = good.slice(0, Math.floor(good.byteLength / 2)); // truncated download
    await expect(importLimeSurvey({ fileName: "bilan.lsa", bytes: corrupt, academyId: academy.id, schoolYearId: "2022-2023", actorId: null, channel: "cli" })).rejects.toThrow(LimeSurveyFormatError);
    await expect(importLimeSurvey({ fileName: "reponses.lsr", bytes: lsr, academyId: academy.id, schoolYearId: "2022-2023", actorId: null, channel: "cli" })).rejects.toThrow(LimeSurveyImportError);
    const blank = readFileSync(path.join(FIXTURES, "structure-imex/history/blank-survey.a7017ca0.lss"));
    await expect(importLimeSurvey({ fileName: "blank.lss", bytes: blank, academyId: academy.id, schoolYearId: "2022-2023", actorId: null, channel: "cli" })).rejects.toThrow(/rien n'a pu être converti/);
    expect(await counts()).toEqual(before);
  });
});
