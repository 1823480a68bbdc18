import { describe, expect, it } from "vitest";
import {
  type RecognitionInput, type ReferentRecognition, type SplitMatrix, attributionTotals, checkRecognition,
} from "../../../app/domain/imp/attribution.ts";
import { MATRIX_ROWS } from "../../../app/domain/imp/missions.ts";

const alice: ReferentRecognition = { id: "r1", name: "Alice Martin", email: "alice.martin@ac-poitiers.fr", impAmount: 125_000 };
const bruno: ReferentRecognition = { id: "r2", name: "Bruno Petit", email: "bruno.petit@ac-poitiers.fr", impAmount: 125_000 };

/** Every row of the matrix covered by the first referent. */
function coveredBy(id: string): SplitMatrix {
  return Object.fromEntries(MATRIX_ROWS.map((row) => [row.key, { responsibleIds: [id] }]));
}

function check(overrides: Partial<RecognitionInput>) {
  return checkRecognition({ referents: [alice, bruno], envelope: 250_000, topUp: 0, split: coveredBy("r1"), ...overrides });
}

describe("recognition checks of a lettre de mission", () => {
  it("accepts two referents at 1 250 € within a 2 500 € envelope", () => {
    expect(check({})).toEqual({ errors: [], warnings: [] });
  });

  it.each([31_250, 62_500, 125_000, 250_000, 375_000])("accepts the legal rate of %i cents", (impAmount) => {
    const result = check({ referents: [{ ...alice, impAmount }], envelope: 375_000 });
    expect(result.errors).toEqual([]);
  });

  it("rejects 1 000 €, which is not a legal rate", () => {
    const { errors } = check({ referents: [{ ...alice, impAmount: 100_000 }, bruno] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "ILLEGAL_IMP_RATE", path: ["referents", 0, "impAmount"] });
    expect(errors[0].message).toMatch(/^IMP de Alice Martin : 1\u202F000,00\u00A0€ n'est pas un taux d'IMP autorisé : les taux annuels légaux/);
  });

  it("rejects an IMP and an allègement for the same person", () => {
    const { errors } = check({ referents: [{ ...alice, reliefHours: 2 }, bruno] });
    expect(errors).toEqual([
      {
        code: "IMP_AND_RELIEF",
        path: ["referents", 0],
        message:
          "Alice Martin ne peut pas recevoir à la fois une IMP (1\u202F250,00\u00A0€) et un allègement de service (2 h) : pour une mission en établissement, l'IMP est exclusive d'un allègement au titre de la même mission (circulaire n° 2015-058).",
      },
    ]);
  });

  it("accepts an allègement instead of an IMP, which does not use the envelope", () => {
    const result = check({ referents: [{ ...alice, impAmount: null, reliefHours: 1.5 }, bruno], envelope: 125_000 });
    expect(result).toEqual({ errors: [], warnings: [] });
  });

  it("rejects the same person twice", () => {
    const twice = { ...bruno, id: "r3", email: " Alice.Martin@ac-poitiers.fr", impAmount: null, reliefHours: 1 };
    const { errors } = check({ referents: [alice, bruno, twice], envelope: 375_000 });
    expect(errors.map((error) => [error.code, error.path])).toEqual([["DUPLICATE_REFERENT", ["referents", 2, "email"]]]);
  });

  it("rejects a negative allègement", () => {
    const { errors } = check({ referents: [{ ...alice, impAmount: null, reliefHours: -1 }, bruno] });
    expect(errors.map((error) => error.code)).toEqual(["INVALID_RELIEF_HOURS"]);
  });

  it("warns about a referent with neither IMP nor allègement", () => {
    const result = check({ referents: [{ ...alice, impAmount: 0 }, bruno] });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      { code: "NO_RECOGNITION", path: ["referents", 0], message: "Aucune reconnaissance indiquée pour Alice Martin : ni IMP, ni allègement de service." },
    ]);
  });

  it("rejects zero referents", () => {
    const { errors } = check({ referents: [] });
    expect(errors).toEqual([
      { code: "NO_REFERENT", path: ["referents"], message: "Aucun référent désigné : la lettre de mission doit nommer au moins un référent." },
    ]);
  });
});

describe("envelope and top-up", () => {
  const big = { ...bruno, impAmount: 250_000 };

  it("rejects attributions above the envelope, with the figures", () => {
    const { errors } = check({ referents: [alice, big] });
    expect(errors).toEqual([
      {
        code: "ENVELOPE_EXCEEDED",
        path: ["referents"],
        message:
          "Le total des IMP attribuées (3\u202F750,00\u00A0€) dépasse l'enveloppe notifiée (2\u202F500,00\u00A0€), sans complément de l'établissement, de 1\u202F250,00\u00A0€. Réduisez les montants ou augmentez le complément.",
      },
    ]);
  });

  it("still rejects when the top-up is not enough, with the figures", () => {
    const { errors } = check({ referents: [alice, big], topUp: 62_500 });
    expect(errors.map((error) => error.message)).toEqual([
      "Le total des IMP attribuées (3\u202F750,00\u00A0€) dépasse l'enveloppe notifiée (2\u202F500,00\u00A0€) augmentée du complément de l'établissement (625,00\u00A0€), soit 3\u202F125,00\u00A0€, de 625,00\u00A0€. Réduisez les montants ou augmentez le complément.",
    ]);
  });

  it("accepts the same attributions with a sufficient top-up", () => {
    expect(check({ referents: [alice, big], topUp: 125_000 }).errors).toEqual([]);
  });

  it("rejects a negative top-up", () => {
    expect(check({ topUp: -1 }).errors.map((error) => [error.code, error.path])).toEqual([["INVALID_TOP_UP", ["topUp"]]]);
  });

  it("cannot check IMPs against an unknown envelope", () => {
    expect(check({ envelope: null }).errors.map((error) => error.code)).toEqual(["ENVELOPE_UNKNOWN"]);
    expect(check({ envelope: null, referents: [{ ...alice, impAmount: null, reliefHours: 2 }] }).errors).toEqual([]);
  });

  it("computes the totals shown to the DANE", () => {
    expect(attributionTotals([alice, big], 250_000, 62_500)).toEqual({
      attributed: 375_000, envelope: 250_000, topUp: 62_500, ceiling: 312_500, overflow: 62_500, topUpNeeded: 125_000,
    });
    expect(attributionTotals([alice], 250_000)).toMatchObject({ overflow: 0, topUpNeeded: 0 });
  });
});

describe("warnings", () => {
  it("warns (but allows) more than three referents", () => {
    const four = ["r1", "r2", "r3", "r4"].map((id, index) => ({ id, name: `Référent ${index + 1}`, impAmount: 62_500 }));
    const result = check({ referents: four });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      {
        code: "TOO_MANY_REFERENTS",
        path: ["referents"],
        message: "4 référents désignés : la DANE demande de ne pas dépasser 3 autant que possible, afin de garantir la cohérence de l'action.",
      },
    ]);
    expect(check({ referents: four.slice(0, 3) }).warnings).toEqual([]);
  });

  it("warns about a mission with no responsible, naming it", () => {
    const split = coveredBy("r1");
    delete split.local_authority_liaison;
    split.communicate = { responsibleIds: ["someone-not-in-the-letter"] };
    const { warnings, errors } = check({ split });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      { code: "UNCOVERED_MISSION", path: ["split", "communicate"], message: "Aucun responsable désigné pour la mission « Communiquer »." },
      {
        code: "UNCOVERED_MISSION",
        path: ["split", "local_authority_liaison"],
        message: "Aucun responsable désigné pour la mission « Gérer les outils — Lien avec la collectivité » (ou indiquez « non concerné »).",
      },
    ]);
  });

  it("accepts « non concerné » for a tool sub-task but not for a core mission", () => {
    const split = coveredBy("r1");
    split.amon_interface = { responsibleIds: [], notApplicable: true };
    split.self_training = { responsibleIds: [], notApplicable: true };
    expect(check({ split }).warnings.map((warning) => warning.path)).toEqual([["split", "self_training"]]);
  });

  it("warns for every row of an empty matrix", () => {
    expect(check({ split: {} }).warnings).toHaveLength(MATRIX_ROWS.length);
  });
});
