import { readFileSync } from "node:fs";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildModel } from "../../../app/surveys/model.ts";
import { validateAnswers } from "../../../app/surveys/validate.ts";
import { extractFacts } from "../../../app/surveys/facts.ts";
import { canonicalJson, definitionChecksum } from "../../../app/surveys/checksum.server.ts";
import { loadDefinitionFiles } from "../../../app/surveys/registry.server.ts";
import { validBilan } from "../../fixtures/bilan-answers.ts";

const definition = JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8"));

describe("fact extraction", () => {
  it("gives one typed row per tagged answer of a validated bilan", () => {
    const model = buildModel(definition);
    expect(validateAnswers(model, validBilan, "submit").ok).toBe(true);
    const facts = extractFacts(model);
    const one = (indicator: string) => facts.filter((f) => f.indicator === indicator).map((f) => f.numericValue ?? f.textValue);
    expect(one("workload.assistance")).toEqual([1.5]);
    expect(one("workload.pedagogical_support")).toEqual([2]);
    expect(one("recognition.imp_amount")).toEqual([1250]);
    expect(one("recognition.kind")).toEqual(["imp"]);
    expect(one("assistance.tickets")).toEqual([35]);
    expect(one("actions.kind")).toEqual(["ateliers", "pix", "other"]);
    expect(one("actions.kind.other")).toEqual(["Cafés pédagogiques mensuels"]);
    expect(one("satisfaction.recognition")).toEqual([3]);
    // Hidden (annees_rupn > 2) and untagged questions give nothing.
    expect(one("training.entry_course")).toEqual([]);
    expect(facts.some((f) => f.question === "commentaires")).toBe(false);
    expect(facts.every((f) => (f.numericValue === null) !== (f.textValue === null) || typeof f.numericValue === "number")).toBe(true);
  });

  it("stores booleans as 1/0 with a French label", () => {
    const model = buildModel(definition);
    expect(validateAnswers(model, { ...validBilan, annees_rupn: 1, stage_entree: false }, "submit").ok).toBe(true);
    expect(extractFacts(model).filter((f) => f.indicator === "training.entry_course")).toEqual([
      { indicator: "training.entry_course", question: "stage_entree", numericValue: 0, textValue: "non" },
    ]);
  });
});

describe("version checksum", () => {
  it("ignores key order and formatting but not content", () => {
    const a = { title: "T", pages: [{ name: "p", elements: [{ type: "text", name: "q" }] }] };
    const b = JSON.parse(`{"pages":[{"elements":[{"name":"q","type":"text"}],"name":"p"}],  "title":"T"}`);
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(definitionChecksum(a)).toBe(definitionChecksum(b));
    expect(definitionChecksum(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(definitionChecksum({ ...a, title: "T2" })).not.toBe(definitionChecksum(a));
    expect(definitionChecksum(definition)).toBe(definitionChecksum(JSON.parse(JSON.stringify(definition))));
  });
});

describe("definition files", () => {
  function dirWith(files: Record<string, string>) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "surveys-"));
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
      writeFileSync(path.join(dir, name), content);
    }
    return dir;
  }

  it("loads the shipped bilan", () => {
    const [bilan] = loadDefinitionFiles(path.resolve("surveys"));
    expect(bilan).toMatchObject({ key: "bilan-annuel", schoolYearId: "2025-2026", checksum: definitionChecksum(definition) });
  });

  it("names the file and the reason of invalid JSON and unknown question types", () => {
    const dir = dirWith({
      "bilan/2025-2026.json": "{ \"title\": ",
      "autre/2025-2026.json": JSON.stringify({ title: "X", elements: [{ type: "slider3d", name: "q" }] }),
      "tag/2025-2026.json": JSON.stringify({ title: "X", elements: [{ type: "text", name: "q", indicator: "Pas Bien" }] }),
    });
    expect(() => loadDefinitionFiles(dir)).toThrow(/bilan\/2025-2026\.json : JSON invalide/);
    expect(() => loadDefinitionFiles(dir)).toThrow(/autre\/2025-2026\.json : questionnaire : type de question inconnu « slider3d » \(question « q »\)/);
    expect(() => loadDefinitionFiles(dir)).toThrow(/tag\/2025-2026\.json : question « q » : indicateur invalide « Pas Bien »/);
  });
});
