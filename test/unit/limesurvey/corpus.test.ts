// Corpus test of the LimeSurvey structure conversion (issue 15): every LimeSurvey structure file of the shared
// fixtures converts without a crash; at least 90 % of the .lss give a definition that passes the checks of
// `surveys:check` and loads in survey-core; the question count of each converted survey equals the source's
// (counted here independently, from the raw text) minus what the report lists as dropped.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Model } from "survey-core";
import { describe, expect, it } from "vitest";
import { convertFile } from "../../../app/domain/limesurvey/source.ts";
import { LimeSurveyFormatError } from "../../../app/domain/limesurvey/xml.ts";
import { definitionProblems } from "../../../app/surveys/model.ts";
import { checkExpression } from "../../../app/services/limesurvey/expressions.server.ts";
import { FIXTURES } from "./fixtures.ts";


function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Top-level questions of the source, from the raw text: distinct qid of <questions> rows with parent_qid 0. */
function sourceQuestionCount(file: string): number {
  const text = readFileSync(file, "utf8");
  if (file.endsWith(".txt")) {
    const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    const header = lines[0].split("\t");
    const cls = header.indexOf("class");
    const name = header.indexOf("name");
    const id = header.indexOf("id");
    return new Set(lines.slice(1).map((l) => l.split("\t")).filter((c) => c[cls] === "Q").map((c) => (id >= 0 && c[id] ? c[id] : c[name]))).size;
  }
  const section = /<questions>([\s\S]*?)<\/questions>/.exec(text)?.[1] ?? "";
  const qids = new Set<string>();
  for (const row of section.split("<row>").slice(1)) {
    const qid = /<qid>(?:<!\[CDATA\[)?(\d+)(?:\]\]>)?<\/qid>/.exec(row)?.[1];
    const parent = /<parent_qid>(?:<!\[CDATA\[)?(\d+)(?:\]\]>)?<\/parent_qid>/.exec(row)?.[1] ?? "0";
    if (qid && parent === "0") qids.add(qid);
  }
  return qids.size;
}

function elementCount(definition: { pages: { elements: unknown[] }[] }) {
  return definition.pages.reduce((n, p) => n + p.elements.length, 0);
}

const all = walk(FIXTURES);
const structures = all.filter((f) => /\.(lss|lsg|lsq|lsa|txt)$/.test(f));

describe("LimeSurvey corpus", () => {
  it("holds the 66 .lss and the other formats", () => {
    expect(all.filter((f) => f.endsWith(".lss")).length).toBe(66);
    for (const ext of ["lsa", "lsg", "lsq", "txt", "lsr", "csv"]) expect(all.some((f) => f.endsWith(`.${ext}`))).toBe(true);
  });

  it("converts ≥ 90 % of the .lss into checked definitions, question counts matching the source minus dropped", () => {
    const perFolder = new Map<string, { total: number; ok: number }>();
    const failures: string[] = [];
    for (const file of structures) {
      const rel = path.relative(FIXTURES, file);
      const folder = rel.split(path.sep)[0];
      let result: ReturnType<typeof convertFile> | null = null;
      try {
        result = convertFile(path.basename(file), readFileSync(file), { checkExpression });
      } catch (error) {
        // A file that cannot be read must fail with a located French error, never a crash.
        expect(error, rel).toBeInstanceOf(LimeSurveyFormatError);
        failures.push(`${rel}: ${(error as Error).message}`);
      }
      let passed = false;
      if (result) {
        const problems = definitionProblems(result.definition);
        const model = new Model(result.definition);
        if (!file.endsWith(".lsa")) {
          expect(result.report.counts.source, rel).toBe(sourceQuestionCount(file));
          expect(elementCount(result.definition), rel).toBe(sourceQuestionCount(file) - result.report.counts.dropped);
        }
        expect(model.getAllQuestions(false, false, false).length, rel).toBe(elementCount(result.definition));
        passed = problems.length === 0 && (model.jsonErrors ?? []).length === 0;
        if (!passed) failures.push(`${rel}: ${problems.join(" | ")}`);
      }
      if (file.endsWith(".lss")) {
        const f = perFolder.get(folder) ?? { total: 0, ok: 0 };
        f.total++;
        if (passed) f.ok++;
        perFolder.set(folder, f);
      }
    }
    const total = [...perFolder.values()].reduce((n, f) => n + f.total, 0);
    const ok = [...perFolder.values()].reduce((n, f) => n + f.ok, 0);
    console.log(`LimeSurvey corpus: ${ok}/${total} .lss converted (${((100 * ok) / total).toFixed(1)} %)`);
    for (const [folder, f] of [...perFolder].sort()) console.log(`  ${folder}: ${f.ok}/${f.total}`);
    if (failures.length) console.log(`Not converted:\n  ${failures.join("\n  ")}`);
    expect(total).toBe(66);
    expect(ok / total).toBeGreaterThanOrEqual(0.9);
  });
});
