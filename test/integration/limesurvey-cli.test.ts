// `npm run import:limesurvey` as a DANE runs it, in its own process against a real PostgreSQL: the summary in French,
// the same file again changes nothing, a broken file exits 1 with a located French error and writes nothing, a
// structure alone becomes a questionnaire version (exit 0), a usage error exits 2.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { makeAcademy, makeEstablishment } from "../setup/factories.ts";
import { ACTIVITIES, bilanLsa } from "../fixtures/limesurvey-bilan.ts";
import { letterCsv, letterLss } from "../fixtures/limesurvey-letter.ts";
import { syncSurveyVersions } from "../../app/surveys/registry.server.ts";
import { npmScriptCommand } from "../setup/npm-script.ts";

const { db } = useTestDatabase();
const dir = mkdtempSync(path.join(os.tmpdir(), "rupn-ls-cli-"));

function cli(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const { command, args: argv } = npmScriptCommand("import:limesurvey", args);
    const child = spawn(command, argv, {
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const counts = async () => ({
  campaigns: await db().campaign.count(),
  responses: await db().surveyResponse.count(),
  facts: await db().responseFact.count(),
  imports: await db().limeSurveyImport.count(),
});

describe("npm run import:limesurvey", () => {
  it("imports a bilan archive with a mapping, prints a French summary, and changes nothing the second time", async () => {
    const academy = await makeAcademy();
    const [a, b] = [await makeEstablishment(academy.id), await makeEstablishment(academy.id)];
    const file = path.join(dir, "bilan-2021-2022.lsa");
    writeFileSync(
      file,
      bilanLsa([
        { id: 1, uai: a.uai, hoursPerYear: [72, 36, 108, 36, 18, 18], referents: 2 },
        { id: 2, uai: b.uai, hoursPerYear: [36, 0, 36, 0, 0, 0], referents: 1 },
        { id: 3, uai: "0350000Z", hoursPerYear: [1, 1, 1, 1, 1, 1] },
      ]),
    );
    const mapping = path.join(dir, "correspondance.json");
    writeFileSync(mapping, JSON.stringify(ACTIVITIES.map(([code, , indicator]) => ({ column: `HEURES_${code}`, indicator, unit: "hours_per_year" }))));

    const first = await cli([file, "--annee", "2021-2022", "--mapping", mapping, "--academie", academy.code]);
    expect(first.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("année 2021-2022 : importé.");
    expect(first.stdout).toMatch(/Réponses : 3 lues, 2 complètes, 0 incomplètes \(brouillons\), 0 reliées à une personne, 1 non reliées\./);
    expect(first.stdout).toContain("réponse 3 :");
    expect(first.stdout).toMatch(/Indicateurs : 12 valeurs \(correspondance confirmée par --mapping\)\./);
    const after = await counts();
    expect(after).toMatchObject({ campaigns: 1, responses: 2, facts: 12, imports: 1 });

    const again = await cli([file, "--annee", "2021-2022", "--mapping", mapping, "--academie", academy.code]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("déjà importé : rien n'a changé");
    expect(await counts()).toEqual(after);
  });

  it("imports a lettre de mission CSV: proposes the mapping, then writes validated letters with --mapping, once", async () => {
    await syncSurveyVersions();
    const academy = await makeAcademy();
    const est = await makeEstablishment(academy.id);
    const csv = path.join(dir, "lettres-2023.csv");
    const lss = path.join(dir, "lettre.lss");
    writeFileSync(csv, letterCsv([
      { id: 1, uai: est.uai, referents: [{ nom: "Dupont", prenom: "Marie", mail: "marie.dupont@ac-test.fr", imp: "1 250 €" }, { nom: "Martin", mail: "paul.martin@ac-test.fr", imp: "625,00 €" }] },
      { id: 2, uai: "0350000Z", referents: [{ nom: "X", imp: "625" }] },
    ]));
    writeFileSync(lss, letterLss());
    const first = await cli([csv, "--structure", lss, "--annee", "2023-2024", "--academie", academy.code]);
    expect(first.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Nature du fichier : Lettre de mission (détectée)");
    expect(first.stdout).toContain("Aucune correspondance confirmée : aucune lettre n'est écrite.");
    expect(await db().missionLetter.count()).toBe(0);
    const mapping = path.join(dir, "correspondance-lettre.json");
    writeFileSync(mapping, first.stdout.slice(first.stdout.indexOf('{\n  "lettre"')));

    const second = await cli([csv, "--structure", lss, "--annee", "2023-2024", "--mapping", mapping, "--academie", academy.code]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("correspondance des lettres confirmée : lettres écrites à nouveau");
    expect(second.stdout).toContain("Lettres de mission validées écrites : 1, attributions : 2.");
    expect(second.stdout).toMatch(/réponse 2 : .*lettre clé devrait être/);
    expect(second.stdout).toContain("Colonnes non reprises dans les lettres : PRIO");
    const letter = await db().missionLetter.findFirstOrThrow({ include: { attributions: true } });
    expect(letter).toMatchObject({ establishmentId: est.id, schoolYearId: "2023-2024", status: "VALIDATED", attributedCents: 187_500 });

    const again = await cli([csv, "--structure", lss, "--annee", "2023-2024", "--mapping", mapping, "--academie", academy.code]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("déjà importé : rien n'a changé");
    expect(await db().missionLetter.count()).toBe(1);
    expect(await db().impAttribution.count()).toBe(2);
  });

  it("refuses a broken archive with a French error naming the place, and writes nothing", async () => {
    const academy = await makeAcademy();
    const before = await counts();
    const broken = path.join(dir, "casse.lss");
    writeFileSync(broken, `<?xml version="1.0" encoding="UTF-8"?>\n<document>\n <LimeSurveyDocType>Survey</LimeSurveyDocType>\n <questions><rows><row>\n</document>\n`);
    const run = await cli([broken, "--annee", "2021-2022", "--academie", academy.code]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Échec : casse\.lss/m);
    expect(run.stderr).toMatch(/ligne \d+/);
    expect(await counts()).toEqual(before);

    const usage = await cli([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Usage : npm run import:limesurvey --");
  });
});
