// Conversion rules on real fixtures: type mapping, languages, conditions, validation, duplicate codes, broken files.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Model } from "survey-core";
import { describe, expect, it } from "vitest";
import { convertFile } from "../../../app/domain/limesurvey/source.ts";
import { translateExpression, type Resolver } from "../../../app/domain/limesurvey/expression.ts";
import { reportText } from "../../../app/domain/limesurvey/report.ts";
import { LimeSurveyFormatError } from "../../../app/domain/limesurvey/xml.ts";
import { checkExpression } from "../../../app/services/limesurvey/expressions.server.ts";
import { FIXTURES } from "./fixtures.ts";

const convert = (rel: string) => convertFile(path.basename(rel), readFileSync(path.join(FIXTURES, rel)), { checkExpression });
const elements = (def: { pages: { elements: Record<string, unknown>[] }[] }) => def.pages.flatMap((p) => p.elements);

describe("LimeSurvey structure conversion", () => {
  it("maps each LimeSurvey type of the sample survey to its SurveyJS type", () => {
    const { definition, report } = convert("limesurvey-test/demosurveys/ls205_sample_survey_english.lss");
    const byType = new Map<string, Set<string>>();
    for (const q of report.questions) if (q.surveyjsType) byType.set(q.lsType, (byType.get(q.lsType) ?? new Set()).add(q.surveyjsType));
    const expected: Record<string, string> = { L: "radiogroup", "!": "dropdown", M: "checkbox", N: "text", S: "text", T: "comment", K: "multipletext", Q: "multipletext", F: "matrix", A: "matrix", B: "matrix", C: "matrix", E: "matrix", ":": "matrixdropdown", ";": "matrixdropdown", "1": "matrixdropdown", R: "ranking", D: "text", G: "radiogroup", Y: "boolean", "5": "rating", X: "html", "*": "expression" };
    for (const [ls, sj] of Object.entries(expected)) if (byType.has(ls)) expect([...byType.get(ls)!], ls).toEqual([sj]);
    expect(byType.size).toBeGreaterThan(15);
    expect(new Model(definition).jsonErrors ?? []).toEqual([]);
  });

  it("keeps French when present and the other languages as localizations", () => {
    const { definition, report } = convert("limesurvey-test/demosurveys/ls3_sample_survey_multilingual_fr_de_en_it.lss");
    expect(report.language).toBe("fr");
    expect(report.otherLanguages.sort()).toEqual(["de-informal", "en", "it"]);
    const localized = elements(definition).find((e) => typeof e.title === "object") as { title: Record<string, string> };
    expect(Object.keys(localized.title)).toContain("default");
    expect(Object.keys(localized.title).some((l) => ["de-informal", "en", "it"].includes(l))).toBe(true);
  });

  it("translates relevance equations into visibleIf that change what SurveyJS shows", () => {
    const { definition } = convert("limesurvey-test/demosurveys/ls205_sample_survey_english.lss");
    const married = elements(definition).find((e) => e.visibleIf === "({married} = 'Y')")!;
    const model = new Model(definition);
    const q = model.getQuestionByName(married.name as string);
    model.setValue("married", "N");
    expect(q.isVisible).toBe(false);
    model.setValue("married", "Y");
    expect(q.isVisible).toBe(true);
  });

  it("keeps an untranslatable condition visible and says so in the report", () => {
    const resolve: Resolver = (n) => (n === "Q1" ? { kind: "value", ref: "{Q1}" } : null);
    expect(translateExpression("Q1.NAOK == 'A1' and !is_empty(Q1)", resolve, checkExpression)).toEqual({ ok: true, expression: "(({Q1} = 'A1') and {Q1} notempty)" });
    expect(translateExpression("count(Q1, Q2) > 1", resolve)).toEqual({ ok: false, reason: "fonction non prise en charge « count() »" });
    expect(translateExpression("Q1.shown == 'x'", resolve)).toMatchObject({ ok: false });
    const { report } = convert("limesurvey-test/demosurveys/ls205_self_and_that.lss");
    expect(report.questions.some((q) => q.status === "approximated" && q.notes.some((n) => n.startsWith("condition d'affichage non traduite")))).toBe(true);
  });

  it("renames duplicate codes and reports it", () => {
    const { definition, report } = convert("LimeSurvey-core/limesurvey_survey_17200_duplicate_codes.lss");
    const names = elements(definition).map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(report.questions.some((q) => q.notes.some((n) => /en double : renommé/.test(n)))).toBe(true);
  });

  it("never carries a script of the file into the definition", () => {
    const { definition } = convert("LimeSurvey-core/limesurvey_survey_XssAndScriptCheck.lss");
    expect(JSON.stringify(definition)).not.toMatch(/<script|onerror=|javascript:/i);
  });

  it("reads the tab-separated export and the .lsa like the .lss of the same survey", () => {
    const lss = convert("LimeSurvey-workflow/limesurvey_survey_981966.lss");
    const txt = convert("LimeSurvey-workflow/limesurvey_survey_981966.txt");
    const lsa = convert("LimeSurvey-workflow/survey_archive_981966.lsa");
    const shape = (d: typeof lss.definition) => elements(d).map((e) => `${e.name}:${e.type}:${JSON.stringify(e.choices ?? null)}`);
    expect(shape(txt.definition)).toEqual(shape(lss.definition));
    expect(lsa.definition).toEqual(lss.definition);
  });

  it("writes the report in French, per question", () => {
    const { report } = convert("citric/survey.lss");
    const text = reportText(report);
    expect(text).toMatch(/^Rapport de conversion LimeSurvey → SurveyJS/);
    expect(text).toMatch(/G02Q03 \(\|, envoi de fichier\) → file : approchée — envoi de fichier/);
  });

  it("refuses a broken file with a French error naming the line", () => {
    const text = readFileSync(path.join(FIXTURES, "citric/survey.lss"), "utf8");
    const broken = text.replace("</questions>", "</questoins>");
    expect(() => convertFile("survey.lss", Buffer.from(broken))).toThrow(LimeSurveyFormatError);
    expect(() => convertFile("survey.lss", Buffer.from(broken))).toThrow(/survey\.lss : XML mal formé.*ligne \d+, colonne \d+/);
    expect(() => convertFile("archive.lsa", Buffer.from("PK\u0003\u0004garbage"))).toThrow(/archive \.lsa illisible/);
  });
});
