// zod speaks French (issue 12, item 6): a schema without its own messages answers in French, and a route's own
// message still wins.
import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { z } from "../../app/domain/zod-fr.ts";

const ENGLISH = /\b(invalid|expected|received|required|too (small|big)|must|undefined|null|unexpected)\b/i;

function messages(schema: ZodType, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe("zod in French", () => {
  const schema = z.object({ name: z.string().min(2).max(5), n: z.number().int().positive().max(10), kind: z.enum(["a", "b"]), email: z.email(), list: z.array(z.string()).max(1) });

  it("gives French messages for every usual issue, without echoing types or values", () => {
    const cases: [unknown, string[]][] = [
      [null, ["Valeur invalide : un ensemble de champs est attendu."]],
      [[1], ["Valeur invalide : un ensemble de champs est attendu."]],
      [{}, ["Champ obligatoire.", "Champ obligatoire.", "Champ obligatoire.", "Champ obligatoire.", "Champ obligatoire."]],
      [
        { name: 1, n: 1.5, kind: "c", email: "x", list: "y" },
        ["Valeur invalide : un texte est attendu.", "Valeur invalide : un nombre entier est attendu.", "Valeur non reconnue.", "Adresse électronique invalide (exemple : prenom.nom@ac-academie.fr).", "Valeur invalide : une liste est attendue."],
      ],
      [
        { name: "abcdef", n: 11, kind: "a", email: "a@b.fr", list: ["1", "2"] },
        ["5 caractères au plus.", "La valeur doit être inférieure ou égale à 10.", "1 élément au plus."],
      ],
      [{ name: "a", n: -1, kind: "a", email: "a@b.fr", list: [] }, ["2 caractères au moins.", "La valeur doit être supérieure à 0."]],
    ];
    for (const [value, expected] of cases) {
      const got = messages(schema, value);
      expect(got, JSON.stringify(value)).toEqual(expected);
      for (const m of got) expect(m).not.toMatch(ENGLISH);
    }
  });

  it("keeps a schema's own message", () => {
    expect(messages(z.string({ error: "Indiquez votre nom." }), undefined)).toEqual(["Indiquez votre nom."]);
    expect(messages(z.string().min(3, "Nom : 3 caractères au moins."), "a")).toEqual(["Nom : 3 caractères au moins."]);
  });

  it("is the same zod, configured once, whatever module imports it", async () => {
    const { z: plain } = await import("zod");
    expect(plain.string().safeParse(3).error?.issues[0].message).toBe("Valeur invalide : un texte est attendu.");
  });
});
