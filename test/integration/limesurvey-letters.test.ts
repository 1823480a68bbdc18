// Lettres de mission from a LimeSurvey CSV export into a real PostgreSQL: one validated historic letter per
// establishment with its attributions (amounts in cents), written through the platform's recompute; the IMP
// dashboard covers that year; the same file twice changes nothing; a platform letter of that year is left alone;
// unlinked responses and unmapped columns/values are reported in French; a broken file writes nothing.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { makeAcademy, makeEstablishment, makeUai, makeUser, signedRequest } from "../setup/factories.ts";
import { letterCsv, letterLss, type LetterAnswer } from "../fixtures/limesurvey-letter.ts";
import { importLimeSurvey, summaryOf } from "../../app/services/limesurvey/import.server.ts";
import { confirmLimeSurveyLetterMapping, getLimeSurveyImport, uploadLimeSurvey } from "../../app/services/limesurvey/pages.server.ts";
import { LimeSurveyFormatError } from "../../app/domain/limesurvey/xml.ts";
import { syncSurveyVersions } from "../../app/surveys/registry.server.ts";
import { impPage } from "../../app/services/dashboards.server.ts";
import { parseDashboardFilters } from "../../app/domain/dashboards/filters.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { missionLetterPdf } from "../../app/pdf/mission-letter.server.ts";
import { createPoitiersRuleSet } from "../../app/services/imp-rule-sets.server.ts";

const { db } = useTestDatabase();
const YEAR = "2022-2023";
const enc = new TextEncoder();

async function counts() {
  const [letters, attributions, imports, campaigns, responses] = await Promise.all([
    db().missionLetter.count(), db().impAttribution.count(), db().limeSurveyImport.count(), db().campaign.count(), db().surveyResponse.count(),
  ]);
  return { letters, attributions, imports, campaigns, responses };
}

describe("LimeSurvey lettres de mission", () => {
  it("turns a letter CSV into validated letters and attributions, reports the rest, feeds the IMP dashboard, once", async () => {
    await syncSurveyVersions();
    const academy = await makeAcademy();
    const [a, b, c] = [await makeEstablishment(academy.id, { type: "COLLEGE" }), await makeEstablishment(academy.id, { type: "LYCEE" }), await makeEstablishment(academy.id)];
    const dane = await makeUser([{ role: "DANE", academyId: academy.id }]);
    // c already has a letter of that year on the platform: it must stay as it is.
    const version = await db().surveyVersion.findFirstOrThrow({ where: { key: "lettre-de-mission" } });
    await db().schoolYear.upsert({ where: { id: YEAR }, update: {}, create: { id: YEAR, startsOn: new Date("2022-09-01"), endsOn: new Date("2023-08-31") } });
    // The year's IMP rules: a collège of 180 pupils has one IMP (1 250 €); the lycée's pupil count is unknown.
    await createPoitiersRuleSet(db(), academy.id, YEAR);
    await db().establishmentYear.create({ data: { establishmentId: a.id, schoolYearId: YEAR, pupilCount: 180, source: "test" } });
    const platformLetter = await db().missionLetter.create({ data: { establishmentId: c.id, schoolYearId: YEAR, surveyVersionId: version.id, status: "DRAFT", data: { referents: [] } } });
    const wrongLetter = `${a.uai.slice(0, 7)}${a.uai[7] === "A" ? "B" : "A"}`;
    const answers: LetterAnswer[] = [
      {
        id: 1, uai: a.uai, chef: "Anne Le Bras",
        referents: [
          { nom: "Dupont", prenom: "Marie", mail: "Marie.Dupont@ac-test.fr", statut: "Enseignant", imp: "625,00 €" },
          { nom: "Martin", prenom: "Paul", mail: "paul.martin@ac-test.fr", statut: "Professeur documentaliste", imp: "1 250 €" },
        ],
        split: { PEDA: "1", CONS: "2", COM: "1", FORM: "1", ENTADM: "NC", SITE: "2" },
      },
      {
        id: 2, uai: b.uai.toLowerCase(),
        referents: [
          { nom: "Le Goff", prenom: "Yann", imp: "625" }, // no address: kept under a placeholder, reported
          { nom: "Riou", prenom: "Anne", mail: "anne.riou@ac-test.fr", statut: "CPE", alleg: "1,5" },
          { nom: "Kerjean", prenom: "Loïc", mail: "loic.kerjean@ac-test.fr", statut: "Surveillant", imp: "beaucoup" },
        ],
        split: { PEDA: "Référent 1", CONS: "3" },
      },
      { id: 3, uai: c.uai, referents: [{ nom: "Corre", mail: "corre@ac-test.fr", imp: "1250" }] },
      { id: 4, uai: wrongLetter, referents: [{ nom: "X", imp: "625" }] },
      { id: 5, uai: makeUai(), referents: [{ nom: "Y", imp: "625" }] },
      { id: 6, referents: [{ nom: "Z", imp: "625" }] },
      { id: 7, uai: a.uai }, // no referent
      { id: 8, uai: b.uai, referents: [{ nom: "Draft", imp: "625" }], submitted: null },
    ];
    const input = {
      fileName: "lettres-2022.csv", bytes: enc.encode(letterCsv(answers)), structure: { fileName: "lettre.lss", bytes: enc.encode(letterLss()) },
      academyId: academy.id, schoolYearId: YEAR, actorId: dane.id, channel: "cli" as const,
    };

    // Without a confirmed mapping: the file is recognised as letters, the mapping proposed, nothing written yet.
    const first = await importLimeSurvey(input);
    expect(first.kind).toBe("letter");
    expect(first.campaignId).toBeNull();
    expect(first.result.letters).toBeUndefined();
    expect(await db().missionLetter.count({ where: { schoolYearId: YEAR } })).toBe(1);
    const proposal = first.letterProposal.map(({ title: _t, reason: _r, ...e }) => e);
    expect(proposal.find((p) => p.column === "REF2_IMP")).toEqual({ column: "REF2_IMP", field: "imp_montant", referent: 2 });

    // The DANE confirms the proposal: the letters are written.
    const summary = await importLimeSurvey({ ...input, letterMapping: proposal });
    expect(summary.importId).toBe(first.importId);
    expect(summary.status).toBe("mapping-confirmed");
    const r = summary.result.letters!;
    expect(r.letters).toBe(2);
    expect(r.attributions).toBe(5);
    expect(Object.fromEntries(r.unlinked.map((u) => [u.id, u.reason]))).toEqual({
      "4": expect.stringMatching(/lettre clé devrait être/),
      "5": expect.stringMatching(/aucun établissement de ce code dans l'académie/),
      "6": expect.stringMatching(/aucun UAI/),
      "7": expect.stringMatching(/aucun référent/),
      "8": expect.stringMatching(/non envoyée/),
    });
    expect(r.kept).toEqual([{ id: "3", uai: c.uai, reason: expect.stringMatching(/déjà saisie sur la plateforme : conservée/) }]);
    const notes = r.notes.join("\n");
    expect(notes).toMatch(/référent 1 \(Yann Le Goff\) : pas d'adresse électronique/);
    expect(notes).toMatch(/montant d'IMP « beaucoup » illisible \(colonne REF3_IMP\)/);
    expect(notes).toMatch(/statut « Surveillant » non reconnu/);
    expect(r.unmappedColumns).toEqual(["PRIO"]);

    const letterA = await db().missionLetter.findUniqueOrThrow({ where: { establishmentId_schoolYearId: { establishmentId: a.id, schoolYearId: YEAR } }, include: { attributions: { orderBy: { position: "asc" } } } });
    expect(letterA.status).toBe("VALIDATED");
    expect(letterA.validatedAt!.toISOString()).toBe("2022-09-28T09:15:00.000Z"); // 11:15 in Paris (CEST)
    expect(letterA).toMatchObject({ attributedCents: 187_500, envelopeCents: 125_000, topUpCents: 62_500, pupilCount: 180 });
    expect(letterA.signerName).toBe("Anne Le Bras");
    expect(letterA.attributions.map((x) => [x.lastName, x.email, x.staffStatus, x.impCents])).toEqual([
      ["Dupont", "marie.dupont@ac-test.fr", "enseignant", 62_500],
      ["Martin", "paul.martin@ac-test.fr", "documentaliste", 125_000],
    ]);
    const split = (letterA.data as { repartition: Record<string, unknown> }).repartition;
    expect(split.support_team).toEqual({ responsables: ["marie.dupont@ac-test.fr"] });
    expect(split.advise_head).toEqual({ responsables: ["paul.martin@ac-test.fr"] });
    expect(split.ent_administrator).toEqual({ non_concerne: true });
    const letterB = await db().missionLetter.findUniqueOrThrow({ where: { establishmentId_schoolYearId: { establishmentId: b.id, schoolYearId: YEAR } }, include: { attributions: { orderBy: { position: "asc" } } } });
    expect(letterB.attributions.map((x) => [x.lastName, x.impCents, x.reliefHours])).toEqual([["Le Goff", 62_500, null], ["Riou", null, 1.5], ["Kerjean", null, null]]);
    expect(letterB.attributions[0].email).toMatch(/@historique\.invalid$/);
    expect(letterB.attributedCents).toBe(62_500);
    // The imported letter is a letter like the others: its PDF renders.
    const pdf = await missionLetterPdf(letterB.id, db());
    expect(pdf.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(await db().missionLetter.findUniqueOrThrow({ where: { id: platformLetter.id } })).toMatchObject({ status: "DRAFT", data: { referents: [] } });

    // The IMP dashboard of that year counts the two imported letters.
    const actor = (await getActor(await signedRequest(dane.id, "http://localhost/")))!;
    const page = await impPage(actor, parseDashboardFilters(new URLSearchParams({ annee: YEAR })), "validees");
    expect(page.data!.total).toMatchObject({ letters: 2, attributed: 250_000, envelope: 125_000, envelopeUnknown: 1, topUp: 62_500 });

    // The same file again, with the same mapping: nothing changes.
    const before = await counts();
    const again = await importLimeSurvey({ ...input, letterMapping: proposal });
    expect(again.status).toBe("unchanged");
    expect(again.importId).toBe(summary.importId);
    expect(await counts()).toEqual(before);
    // Another export of the same year (one more response): the letters already imported are kept, not doubled.
    const later = await importLimeSurvey({ ...input, fileName: "lettres-2022-bis.csv", bytes: enc.encode(letterCsv([...answers, { id: 9, uai: c.uai, referents: [{ nom: "W", imp: "625" }] }])) });
    expect(later.result.letters!.letters).toBe(0);
    // The saved mapping is reused without being given again; two responses for c: the latest one is the candidate.
    expect(later.result.letters!.kept.map((k) => k.id).sort()).toEqual(["1", "2", "9"]);
    expect(later.result.letters!.unlinked.find((u) => u.id === "3")!.reason).toMatch(/autre réponse pour l'établissement .* \(réponse 9 retenue/);
    expect(later.result.letters!.kept.find((k) => k.id === "1")!.reason).toMatch(/déjà importée de LimeSurvey/);
    expect({ ...(await counts()), imports: before.imports }).toEqual(before);

    // On the DANE page, another mapping (REF3's amount column left out): the import's letters are written again.
    const form = new FormData();
    form.set("nature", "lettre");
    proposal.forEach((e, i) => {
      form.set(`column_${i}`, e.column);
      form.set(`field_${i}`, e.column === "REF3_IMP" ? "" : e.field);
      form.set(`referent_${i}`, e.referent ? String(e.referent) : "");
      form.set(`mission_${i}`, e.mission ?? "");
    });
    await confirmLimeSurveyLetterMapping(actor, summary.importId, form);
    const rewritten = (await summaryOf(summary.importId)).result.letters!;
    expect(rewritten.mappingApplied!.some((e) => e.column === "REF3_IMP")).toBe(false);
    expect(rewritten.unmappedColumns).toEqual(["REF3_IMP", "PRIO"]);
    expect(rewritten.notes.join("\n")).not.toMatch(/beaucoup/);
    expect(rewritten.letters).toBe(2);
    expect(await counts()).toEqual({ ...before, imports: before.imports + 1 });
    expect(await db().missionLetter.count({ where: { id: letterA.id } })).toBe(0); // rewritten, not duplicated
    const bad = new FormData();
    bad.set("nature", "lettre");
    bad.set("column_0", "REF1_NOM");
    bad.set("field_0", "nom");
    await expect(confirmLimeSurveyLetterMapping(actor, summary.importId, bad)).rejects.toThrow(/précisez le numéro du référent/);
  });

  it("on the DANE pages: the file's nature chosen at upload wins over detection; the mapping form lists every column", async () => {
    await syncSurveyVersions();
    const academy = await makeAcademy();
    const est = await makeEstablishment(academy.id);
    const dane = await makeUser([{ role: "DANE", academyId: academy.id }]);
    const actor = (await getActor(await signedRequest(dane.id, "http://localhost/")))!;
    const file = (id: number) => ({ name: `lettres-${id}.csv`, bytes: enc.encode(letterCsv([{ id, uai: est.uai, referents: [{ nom: "Dupont", mail: "d@ac-test.fr", imp: "625" }] }])) });
    const structure = { name: "lettre.lss", bytes: enc.encode(letterLss()) };
    const asBilan = await uploadLimeSurvey(actor, { academyId: academy.id, schoolYearId: YEAR, kind: "bilan", file: file(1), structure });
    expect(asBilan.kind).toBe("bilan");
    expect(asBilan.campaignId).not.toBeNull();
    const detected = await uploadLimeSurvey(actor, { academyId: academy.id, schoolYearId: YEAR, file: file(2), structure });
    expect(detected.kind).toBe("letter");
    const page = await getLimeSurveyImport(actor, detected.importId);
    expect(page.letterColumns.find((c) => c.column === "REF1_IMP")).toEqual({ column: "REF1_IMP", field: "imp_montant", referent: 1, mission: null });
    expect(page.letterColumns.find((c) => c.column === "PRIO")).toEqual({ column: "PRIO", field: "", referent: null, mission: null });
    expect(await db().missionLetter.count({ where: { establishmentId: est.id } })).toBe(0);
  });

  it("writes nothing for a broken letter file", async () => {
    await syncSurveyVersions();
    const academy = await makeAcademy();
    const est = await makeEstablishment(academy.id);
    const before = await counts();
    const broken = `${letterCsv([{ id: 1, uai: est.uai, referents: [{ nom: "A", imp: "625" }] }])}"2,"unterminated\n`;
    await expect(importLimeSurvey({
      fileName: "lettres.csv", bytes: enc.encode(broken), structure: { fileName: "lettre.lss", bytes: enc.encode(letterLss()) },
      academyId: academy.id, schoolYearId: YEAR, actorId: null, channel: "cli", letterMapping: [{ column: "UAI", field: "uai" }, { column: "REF1_NOM", field: "nom", referent: 1 }],
    })).rejects.toThrow(LimeSurveyFormatError);
    expect(await counts()).toEqual(before);
  });
});
