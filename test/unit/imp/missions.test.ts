import { describe, expect, it } from "vitest";
import { MATRIX_ROWS, MISSIONS, isMatrixRowKey, matrixRow } from "../../../app/domain/imp/missions.ts";

describe("missions of the split matrix (seed 002)", () => {
  it("lists the missions in the order of the DANE template", () => {
    expect(MISSIONS.map((mission) => mission.label)).toEqual([
      "Accompagner l'équipe pédagogique",
      "Conseiller le chef d'établissement",
      "Communiquer",
      "Se former",
      "Gérer les outils (par ordre de priorité)",
    ]);
  });

  it("has one matrix row per mission without sub-tasks and per tool sub-task, with unique keys", () => {
    expect(MATRIX_ROWS.map((row) => row.key)).toEqual([
      "support_team", "advise_head", "communicate", "self_training",
      "local_authority_liaison", "incident_tickets", "amon_interface", "user_accounts", "tablets",
      "ent_administrator", "ent_usage_referent", "pedagogical_services", "website",
    ]);
    expect(new Set(MATRIX_ROWS.map((row) => row.key)).size).toBe(MATRIX_ROWS.length);
  });

  it("labels sub-tasks with their mission and keeps the proposed organisation", () => {
    expect(matrixRow("pedagogical_services").fullLabel).toBe("Gérer les outils — Administrer les services pédagogiques (BRNE, Pearltrees…)");
    expect(matrixRow("communicate").proposedOrganisation).toBe("1 référent contact pour la DANE");
    expect(matrixRow("ent_administrator").proposedOrganisation).toBe("1 administrateur");
    expect(matrixRow("support_team").mayBeNotApplicable).toBe(false);
    expect(matrixRow("tablets").mayBeNotApplicable).toBe(true);
  });

  it("recognises its keys", () => {
    expect(isMatrixRowKey("website")).toBe(true);
    expect(isMatrixRowKey("manage_tools")).toBe(false);
    expect(() => matrixRow("nope" as never)).toThrow(/Mission inconnue/);
  });
});
