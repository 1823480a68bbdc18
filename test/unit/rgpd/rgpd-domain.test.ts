// Pure RGPD rules (ADR 020): retention periods and their configuration, free text of a survey, identity scrubbing.
import { describe, expect, it } from "vitest";
import { cutoff, envName, formatDuration, parseDuration, purgeReport, RetentionConfigError, retentionByKind, retentionRules } from "../../../app/domain/rgpd/retention.ts";
import { freeTextQuestionNames, withoutFreeText } from "../../../app/domain/rgpd/free-text.ts";
import { erasureSchema, rectificationSchema, scrubAnswers, scrubText } from "../../../app/domain/rgpd/identity.ts";
import { readFileSync } from "node:fs";

describe("retention configuration", () => {
  it("has the defaults of ADR 020 and reads French durations from the environment", () => {
    const defaults = retentionByKind(retentionRules({}));
    expect(formatDuration(defaults.loginTokens.period)).toBe("1 jour");
    expect(formatDuration(defaults.sessions.period)).toBe("12 heures");
    expect(formatDuration(defaults.accessLog.period)).toBe("1 an");
    expect(defaults.accessLog.source).toBe("défaut");
    const env = { [envName("accessLog")]: "6mois", [envName("bilanFreeText")]: "3 ans" };
    expect(envName("bilanFreeText")).toBe("RGPD_RETENTION_BILAN_FREE_TEXT");
    const custom = retentionByKind(retentionRules(env));
    expect(custom.accessLog).toMatchObject({ period: { amount: 6, unit: "months" }, source: "configuration" });
    expect(formatDuration(custom.bilanFreeText.period)).toBe("3 ans");
  });

  it("refuses a value that is not a duration, naming the variable, in French", () => {
    for (const bad of ["abc", "0j", "-1an", "12", "3 semaines"]) {
      expect(parseDuration(bad)).toBeNull();
      expect(() => retentionRules({ RGPD_RETENTION_SESSIONS: bad })).toThrow(RetentionConfigError);
    }
    expect(() => retentionRules({ RGPD_RETENTION_SESSIONS: "abc" })).toThrow("RGPD_RETENTION_SESSIONS : « abc » n'est pas une durée");
    expect(parseDuration("12h")).toEqual({ amount: 12, unit: "hours" });
    expect(parseDuration("1 j")).toEqual({ amount: 1, unit: "days" });
  });

  it("computes cutoffs on the calendar", () => {
    const now = new Date("2026-03-31T10:00:00Z");
    expect(cutoff({ amount: 12, unit: "hours" }, now).toISOString()).toBe("2026-03-30T22:00:00.000Z");
    expect(cutoff({ amount: 1, unit: "years" }, now).toISOString()).toBe("2025-03-31T10:00:00.000Z");
    expect(cutoff({ amount: 1, unit: "days" }, now).toISOString()).toBe("2026-03-30T10:00:00.000Z");
  });

  it("reports in French, and says so when there was nothing to do", () => {
    const zero = { loginTokens: 0, sessions: 0, signInLog: 0, accessLog: 0, mails: 0, bilanFreeText: 0, departedPeople: 0 };
    expect(purgeReport(zero).at(-1)).toBe("Bilan : aucun changement, rien à purger.");
    expect(purgeReport({ ...zero, sessions: 3 })).toContain("Sessions supprimées : 3");
  });
});

describe("free text of a survey", () => {
  const bilan = JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8"));

  it("lists the comment questions, not the figures", () => {
    const names = freeTextQuestionNames(bilan);
    expect([...names].sort()).toEqual(["assistance_explication", "commentaires", "projet_phare", "reconnaissance_suggestion"]);
  });

  it("removes them and the 'other' texts at any depth, keeping the rest", () => {
    const names = freeTextQuestionNames(bilan);
    const data = { h_assistance: 2, commentaires: "Jean", "statut-Comment": "x", panel: [{ commentaires: "y", n: 1 }], actions: ["other"] };
    const { value, removed } = withoutFreeText(data, names);
    expect(value).toEqual({ h_assistance: 2, panel: [{ n: 1 }], actions: ["other"] });
    expect(removed).toBe(3);
    const clean = { h_assistance: 2 };
    expect(withoutFreeText(clean, names).value).toBe(clean);
  });
});

describe("identity", () => {
  const person = { firstName: "Maëlle", lastName: "Kerhervé", email: "maelle.kerherve@ac-rennes.fr" };

  it("replaces the full name and the address, not a namesake's longer name or address", () => {
    const text = "Maëlle Kerhervé, KERHERVÉ Maëlle et MAELLE.KERHERVE@AC-RENNES.FR ; Maëlle Kerhervé-Le Goff, maelle.kerherve@ac-rennes.fr.uk, xmaelle.kerherve@ac-rennes.fr";
    expect(scrubText(text, person, "effacee@anonyme.invalid")).toBe(
      "Personne effacée, Personne effacée et effacee@anonyme.invalid ; Maëlle Kerhervé-Le Goff, maelle.kerherve@ac-rennes.fr.uk, xmaelle.kerherve@ac-rennes.fr",
    );
  });

  it("anonymises the referent of a letter's answers by address, field by field", () => {
    const answers = { chef_nom: "Claire Martin", referents: [{ prenom: "Maëlle", nom: "Kerhervé", email: "Maelle.Kerherve@ac-rennes.fr" }, { prenom: "Yann", nom: "Le Goff", email: "y@x.fr", remplace: "maelle.kerherve@ac-rennes.fr" }] };
    expect(scrubAnswers(answers, person, "e@anonyme.invalid")).toEqual({
      chef_nom: "Claire Martin",
      referents: [{ prenom: "Personne", nom: "effacée", email: "e@anonyme.invalid" }, { prenom: "Yann", nom: "Le Goff", email: "y@x.fr", remplace: "e@anonyme.invalid" }],
    });
  });

  it("validates the rectification and the erasure in French", () => {
    const ok = rectificationSchema.safeParse({ firstName: " Anne-Sophie ", lastName: "D'Arcy", email: "A.Darcy@AC-Rennes.fr", version: "2" });
    expect(ok.success && ok.data).toEqual({ firstName: "Anne-Sophie", lastName: "D'Arcy", email: "a.darcy@ac-rennes.fr", version: 2 });
    const bad = rectificationSchema.safeParse({ firstName: "", lastName: "x\"y", email: "a@", version: "0" });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.message)).toEqual([
      "Prénom : champ obligatoire.",
      "Nom : seuls les lettres, espaces, traits d'union et apostrophes sont acceptés.",
      "Adresse électronique invalide (exemple : prenom.nom@ac-academie.fr).",
      "Version de la fiche invalide : rechargez la page.",
    ]);
    expect(erasureSchema.safeParse({ reason: "Demande écrite", confirm: "EFFACER" }).success).toBe(true);
    expect(erasureSchema.safeParse({ reason: "ok", confirm: "EFFACER" }).success).toBe(false);
  });
});
