// Issue 14: the editor's edits of a definition (move, duplicate, delete and undo, new questions) keep names unique,
// never touch the original object, and a copy never feeds a dashboard indicator twice.
import { describe, expect, it } from "vitest";
import { duplicateElement, elementAt, insertElement, moveElement, newElement, removeElement, valueFor } from "../../../app/components/questionnaire/editor-ops.ts";
import type { Definition } from "../../../app/surveys/definition-walk.ts";
import { questionnaireIssues } from "../../../app/surveys/questionnaire-checks.ts";

const base = (): Definition => ({
  title: "Besoins",
  pages: [
    {
      name: "p1",
      elements: [
        { type: "text", inputType: "number", name: "heures", title: "Heures", indicator: "workload.assistance" },
        { type: "panel", name: "groupe", title: "Groupe", elements: [{ type: "comment", name: "detail", title: "Détail" }] },
        { type: "boolean", name: "ent", title: "ENT ?" },
      ],
    },
  ],
});

describe("editor operations", () => {
  it("move a question within its page or panel, not past the ends", () => {
    const d = base();
    expect(moveElement(d, [0, 0], 1).pages[0].elements.map((e) => e.name)).toEqual(["groupe", "heures", "ent"]);
    expect(moveElement(d, [0, 0], -1)).toBe(d);
    expect(d.pages[0].elements[0].name).toBe("heures");
  });

  it("duplicate with fresh names and without the indicator, panels included", () => {
    const d = duplicateElement(duplicateElement(base(), [0, 0]), [0, 2]);
    const names = d.pages[0].elements.map((e) => e.name);
    expect(names).toEqual(["heures", "heures_copie", "groupe", "groupe_copie", "ent"]);
    expect(d.pages[0].elements[1].indicator).toBeUndefined();
    expect(elementAt(d, [0, 3, 0]).name).toBe("detail_copie");
    expect(questionnaireIssues(d)).toEqual([]);
  });

  it("delete and undo put the question back where it was", () => {
    const { def, removed } = removeElement(base(), [0, 1, 0]);
    expect(elementAt(def, [0, 1]).elements).toEqual([]);
    expect(insertElement(def, [0, 1, 0], removed)).toEqual(base());
  });

  it("create questions of every type that only miss their wording", () => {
    for (const type of ["text", "number", "comment", "radiogroup", "dropdown", "checkbox", "boolean", "rating", "matrix", "html", "panel"]) {
      const d = base();
      const element = newElement(d, type);
      element.title ??= "";
      if (type !== "html" && type !== "panel") element.title = "Libellé";
      for (const child of element.elements ?? []) child.title = "Libellé";
      d.pages[0].elements.push(element);
      expect(questionnaireIssues(d), type).toEqual([]);
    }
    expect(valueFor("Élève très motivé", [{ value: "eleve_tres_motive", text: "x" }])).toBe("eleve_tres_motive_2");
  });
});
