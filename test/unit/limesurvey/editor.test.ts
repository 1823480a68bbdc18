// Issue 15: the definitions converted from the LimeSurvey corpus open in the questionnaire editor (issue 14). Every
// structure file that converts is rendered by the editor (as the editor page renders it, with the server's checks),
// each question is listed once, and each question's form (what "Modifier" opens) renders too. The share of
// definitions the editor would publish as they are (no check to fix) is asserted and printed per folder.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { convertFile } from "../../../app/domain/limesurvey/source.ts";
import { LimeSurveyFormatError } from "../../../app/domain/limesurvey/xml.ts";
import { checkExpression } from "../../../app/services/limesurvey/expressions.server.ts";
import { QuestionnaireEditor } from "../../../app/components/questionnaire/QuestionnaireEditor.tsx";
import { QuestionFields } from "../../../app/components/questionnaire/QuestionFields.tsx";
import { elementsOf, type Definition } from "../../../app/surveys/definition-walk.ts";
import { questionnaireIssues } from "../../../app/surveys/questionnaire-checks.ts";
import { FIXTURES } from "./fixtures.ts";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const structures = walk(FIXTURES).filter((f) => /\.(lss|lsg|lsq|lsa|txt)$/.test(f));

describe("LimeSurvey corpus in the questionnaire editor", () => {
  it("renders every converted definition and every question form; most need no correction before publishing", () => {
    const perFolder = new Map<string, { opened: number; clean: number }>();
    let converted = 0;
    for (const file of structures) {
      const rel = path.relative(FIXTURES, file);
      let definition: Definition;
      try {
        definition = convertFile(path.basename(file), readFileSync(file), { checkExpression }).definition as Definition;
      } catch (error) {
        expect(error, rel).toBeInstanceOf(LimeSurveyFormatError); // the corpus test reports these files
        continue;
      }
      converted++;
      const issues = questionnaireIssues(definition, []);
      const html = renderToStaticMarkup(createElement(QuestionnaireEditor, { id: "v", revision: 1, definition, locks: [], issues, readOnly: false }));
      const elements = elementsOf(definition);
      expect(html.match(/data-question="/g)?.length ?? 0, rel).toBe(elements.length);
      for (const { element } of elements) {
        const form = renderToStaticMarkup(createElement(QuestionFields, { element, lock: undefined, others: elements.map((e) => e.element).filter((e) => e !== element), onChange: () => {} }));
        expect(form, `${rel} ${element.name}`).toContain("Type de question");
      }
      const folder = rel.split(path.sep)[0];
      const f = perFolder.get(folder) ?? { opened: 0, clean: 0 };
      f.opened++;
      if (issues.length === 0) f.clean++;
      perFolder.set(folder, f);
    }
    const clean = [...perFolder.values()].reduce((n, f) => n + f.clean, 0);
    console.log(`Éditeur : ${converted} définitions ouvertes, ${clean} publiables sans correction (${Math.round((100 * clean) / converted)} %).`);
    for (const [folder, f] of [...perFolder].sort()) console.log(`  ${folder} : ${f.clean}/${f.opened}`);
    expect(converted).toBeGreaterThan(60);
    expect(clean / converted).toBeGreaterThanOrEqual(0.9);
  });
});
