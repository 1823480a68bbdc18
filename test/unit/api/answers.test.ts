// What the read API gives of a bilan without the personal-data right (ADR 021): closed answers and numbers only.
import { describe, expect, it } from "vitest";
import { closedAnswers, closedQuestionNames } from "../../../app/domain/api/answers.ts";
import { decodeCursor, encodeCursor, queryInput, queryProblem, responsesQuery } from "../../../app/domain/api/endpoints.ts";

const definition = {
  pages: [
    {
      elements: [
        { type: "radiogroup", name: "statut", choices: ["cpe"], hasOther: true },
        { type: "text", name: "heures", inputType: "number" },
        { type: "text", name: "nom_collegue" },
        { type: "comment", name: "commentaires" },
        { type: "panel", name: "p", elements: [{ type: "checkbox", name: "outils" }, { type: "boolean", name: "stage" }] },
        { type: "paneldynamic", name: "personnes", templateElements: [{ type: "text", name: "nom" }] },
      ],
    },
  ],
};

describe("closed answers", () => {
  it("keeps choices and numbers, drops free text, other texts, dynamic panels and unknown names", () => {
    const data = { statut: "other", "statut-Comment": "Mme Dupont", heures: 3, nom_collegue: "Jean Martin", commentaires: "Merci Jean", outils: ["ent"], stage: true, personnes: [{ nom: "X" }], inconnue: 1 };
    expect(closedAnswers(definition, data)).toEqual({ statut: "other", heures: 3, outils: ["ent"], stage: true });
    expect(closedAnswers(definition, { nom_collegue: "12,5" })).toEqual({ nom_collegue: 12.5 });
    expect(closedAnswers(null, data)).toEqual({});
    expect(closedAnswers(definition, ["x"])).toEqual({});
    expect([...closedQuestionNames(definition)].sort()).toEqual(["outils", "stage", "statut"]);
  });
});

describe("API parameters", () => {
  it("round-trips an opaque cursor and refuses a forged one", () => {
    expect(decodeCursor(encodeCursor("cmabc123"))).toBe("cmabc123");
    expect(decodeCursor(Buffer.from("c1:'; DROP").toString("base64url"))).toBeNull();
    expect(decodeCursor("YWJj")).toBeNull();
  });

  it("reads repeatable parameters as lists and refuses a repeated single one, in French", () => {
    const ok = queryInput(new URLSearchParams("type=COLLEGE&type=LYCEE&limite=10"));
    expect(ok).toEqual({ input: { type: ["COLLEGE", "LYCEE"], limite: "10" } });
    expect(responsesQuery.parse((ok as { input: object }).input)).toMatchObject({ type: ["COLLEGE", "LYCEE"], limite: 10 });
    expect(queryInput(new URLSearchParams("limite=1&limite=2"))).toEqual({ error: "Paramètre « limite » donné plusieurs fois : une seule valeur est attendue." });
    const unknown = responsesQuery.safeParse({ zz: "1" });
    expect(queryProblem(unknown.error!.issues as never)).toBe("Paramètre inconnu : « zz ». Consultez la documentation de l'API.");
    const big = responsesQuery.safeParse({ limite: "5000" });
    expect(queryProblem(big.error!.issues as never)).toBe("limite : 1000 au plus, 1 au moins.");
  });
});
