import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkLetter, readLetterAnswers, schedulesOf } from "../../../app/domain/imp/letter.ts";
import { MATRIX_ROWS } from "../../../app/domain/imp/missions.ts";

const YEAR = "2025-2026";
const everyone = (emails: string[]) => Object.fromEntries(MATRIX_ROWS.map((row) => [row.key, { responsables: emails }]));
const base = (over: Record<string, unknown>) => ({ prenom: "Anne", nom: "Durand", email: "Anne.Durand@ac-test.fr", statut: "enseignant", discipline: "SVT", nouveau: false, periode: "annee", reconnaissance: "imp", imp_montant: 1250, ...over });

describe("reading the letter's answers", () => {
  it("ignores the fields the form hides (an IMP amount left over after choosing an allègement)", () => {
    const read = readLetterAnswers({
      referents: [base({ reconnaissance: "allegement", allegement_heures: 2, imp_montant: 2500, statut: "cpe", discipline: "Maths", debut: "2025-10-01" })],
    });
    expect(read.referents[0]).toMatchObject({ email: "anne.durand@ac-test.fr", impCents: null, reliefHours: 2, staffStatus: "cpe", discipline: null, startsOn: null, period: "year" });
  });

  it("reads amounts in cents, the split by email and the top-up", () => {
    const read = readLetterAnswers({ referents: [base({ imp_montant: 312.5 })], complement: 625, repartition: { website: { responsables: ["ANNE.durand@ac-test.fr"] }, tablets: { non_concerne: true } } });
    expect(read.referents[0].impCents).toBe(31_250);
    expect(read.topUp).toBe(62_500);
    expect(read.split.website).toEqual({ responsibleIds: ["anne.durand@ac-test.fr"], notApplicable: false });
    expect(read.split.tablets).toEqual({ responsibleIds: [], notApplicable: true });
    expect(read.split.support_team).toEqual({ responsibleIds: [], notApplicable: false });
  });
});

describe("checking a letter", () => {
  const envelope = 250_000;

  it("accepts a complete letter within the envelope", () => {
    const result = checkLetter({ answers: { referents: [base({})], repartition: everyone(["anne.durand@ac-test.fr"]) }, schoolYear: YEAR, envelope });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.totals).toEqual({ envelope, topUp: 0, attributed: 125_000 });
  });

  it("rejects 1 000 € (not a legal rate) and a period outside the school year", () => {
    const result = checkLetter({
      answers: { referents: [base({ imp_montant: 1000, periode: "partielle", debut: "2026-09-15" })], repartition: everyone(["anne.durand@ac-test.fr"]) },
      schoolYear: YEAR,
      envelope,
    });
    expect(result.errors.map((e) => e.code).sort()).toEqual(["ILLEGAL_IMP_RATE", "PERIOD_OUTSIDE_YEAR"]);
    expect(result.errors.find((e) => e.code === "PERIOD_OUTSIDE_YEAR")!.message).toBe("Anne Durand : la date du 15/09/2026 est hors de l'année scolaire 2025-2026.");
  });

  it("an interim from 15 January takes the IMP's ninths from January; no 'no recognition' warning for the interim", () => {
    const answers = {
      referents: [
        base({}),
        base({ prenom: "Bruno", nom: "Petit", email: "bruno.petit@ac-test.fr", periode: "remplacement", debut: "2026-01-15", remplace: "anne.durand@ac-test.fr", reconnaissance: undefined }),
      ],
      repartition: everyone(["anne.durand@ac-test.fr"]),
    };
    const result = checkLetter({ answers, schoolYear: YEAR, envelope });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const [schedule] = schedulesOf(result.letter, YEAR);
    expect(schedule.result.ok).toBe(true);
    if (!schedule.result.ok) return;
    const payees = schedule.result.payments.map((p) => `${p.month.month}:${p.payee.split(".")[0]}:${p.amount}`);
    expect(payees).toEqual([
      "11:anne:13888", "12:anne:13888",
      "1:bruno:13888", "2:bruno:13888", "3:bruno:13888", "4:bruno:13888", "5:bruno:13888", "6:bruno:13888", "7:bruno:13896",
    ]);
  });

  it("a replacement must name another referent of the letter, who is not a replacement", () => {
    const self = checkLetter({
      answers: { referents: [base({ periode: "remplacement", debut: "2026-01-15", remplace: "anne.durand@ac-test.fr" })], repartition: everyone(["anne.durand@ac-test.fr"]) },
      schoolYear: YEAR,
      envelope,
    });
    expect(self.errors.map((e) => e.code)).toContain("REPLACEMENT_TARGET");
    const withoutImp = checkLetter({
      answers: {
        referents: [base({ reconnaissance: "allegement", allegement_heures: 1 }), base({ prenom: "B", nom: "P", email: "b@x.fr", periode: "remplacement", debut: "2026-01-15", remplace: "anne.durand@ac-test.fr" })],
        repartition: everyone(["anne.durand@ac-test.fr"]),
      },
      schoolYear: YEAR,
      envelope,
    });
    expect(withoutImp.errors).toEqual([]);
    expect(withoutImp.warnings.map((w) => w.code)).toEqual(["REPLACEMENT_WITHOUT_IMP"]);
  });

  it("more than three referents is a warning, a mission nobody holds too", () => {
    const four = ["a", "b", "c", "d"].map((x) => base({ prenom: x, email: `${x}@ac-test.fr`, reconnaissance: "aucune" }));
    const result = checkLetter({ answers: { referents: four, repartition: { ...everyone(["a@ac-test.fr"]), website: {} } }, schoolYear: YEAR, envelope });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.code).sort()).toEqual(["NO_RECOGNITION", "NO_RECOGNITION", "NO_RECOGNITION", "NO_RECOGNITION", "TOO_MANY_REFERENTS", "UNCOVERED_MISSION"]);
  });

  it("an unknown envelope blocks the attribution of IMPs", () => {
    const result = checkLetter({ answers: { referents: [base({})], repartition: everyone(["anne.durand@ac-test.fr"]) }, schoolYear: YEAR, envelope: null });
    expect(result.errors.map((e) => e.code)).toEqual(["ENVELOPE_UNKNOWN"]);
  });
});

describe("the letter's form", () => {
  it("lists exactly the missions of the split matrix, for every school year's file", () => {
    for (const year of ["2025-2026", "2026-2027"]) {
      const definition = JSON.parse(readFileSync(`surveys/lettre-de-mission/${year}.json`, "utf8"));
      const matrix = definition.pages.flatMap((p: { elements: { name: string; rows?: { value: string }[] }[] }) => p.elements).find((e: { name: string }) => e.name === "repartition");
      expect(matrix.rows.map((r: { value: string }) => r.value)).toEqual(MATRIX_ROWS.map((r) => r.key));
    }
  });
});
