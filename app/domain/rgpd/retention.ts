// Retention periods of personal data (RGPD, ADR 020). Typed defaults, each overridable by an environment variable
// (RGPD_RETENTION_<KIND>, e.g. RGPD_RETENTION_ACCESS_LOG=6mois) so that an académie's DPO sets them at deployment.
// Pure: the environment is passed in. The donnees-personnelles page and the purge job read the same object.

export const RETENTION_KINDS = ["loginTokens", "sessions", "signInLog", "accessLog", "mails", "bilanFreeText", "departedPeople"] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export type Duration = { amount: number; unit: "hours" | "days" | "months" | "years" };

export type RetentionRule = {
  kind: RetentionKind;
  env: string;
  period: Duration;
  /** Where the period comes from: the default, or the environment variable. */
  source: "défaut" | "configuration";
  /** French: what is kept, and what happens at the end. */
  data: string;
  counted: string;
  action: string;
};

const DEFAULTS: Record<RetentionKind, { period: Duration; data: string; counted: string; action: string }> = {
  loginTokens: {
    period: { amount: 1, unit: "days" },
    data: "Liens de connexion envoyés par courriel (empreinte, adresse, adresse IP)",
    counted: "à compter de leur création",
    action: "supprimés",
  },
  sessions: {
    period: { amount: 12, unit: "hours" },
    data: "Sessions de connexion",
    counted: "à compter de l'ouverture de la session",
    action: "supprimées (la personne doit se reconnecter)",
  },
  signInLog: {
    period: { amount: 1, unit: "years" },
    data: "Journal des connexions (date, moyen, adresse IP)",
    counted: "à compter de la connexion",
    action: "supprimé",
  },
  accessLog: {
    period: { amount: 1, unit: "years" },
    data: "Journal des accès aux données personnelles (qui a consulté ou exporté quoi, et quand)",
    counted: "à compter de la consultation",
    action: "supprimé",
  },
  mails: {
    period: { amount: 1, unit: "years" },
    data: "Courriels envoyés par la plateforme (destinataire, objet, contenu, pièces jointes)",
    counted: "à compter de leur envoi ou de leur dernier échec",
    action: "supprimés",
  },
  bilanFreeText: {
    period: { amount: 5, unit: "years" },
    data: "Réponses en texte libre des bilans annuels",
    counted: "à compter de la fermeture de la campagne",
    action: "effacées (les chiffres et les choix restent, pour les statistiques)",
  },
  departedPeople: {
    period: { amount: 3, unit: "years" },
    data: "Identité des personnes qui ont quitté la mission (nom, prénom, adresse électronique)",
    counted: "à compter de la fin de la dernière année scolaire où elles avaient un rôle",
    action: "anonymisées (les montants et les statistiques restent, sans le nom)",
  },
};

const UNITS: Record<string, Duration["unit"]> = {
  h: "hours", heure: "hours", heures: "hours",
  j: "days", jour: "days", jours: "days", d: "days",
  mois: "months", m: "months",
  a: "years", an: "years", ans: "years", y: "years",
};

/** "12h", "1 jour", "6 mois", "5 ans" → a duration; null when it is not one (or not positive). */
export function parseDuration(text: string): Duration | null {
  const match = /^\s*(\d{1,4})\s*([a-z]+)\s*$/i.exec(text);
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = UNITS[match[2].toLowerCase()];
  if (!unit || amount < 1) return null;
  return { amount, unit };
}

export function envName(kind: RetentionKind): string {
  return `RGPD_RETENTION_${kind.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export class RetentionConfigError extends Error {}

/** The rules in force: defaults, overridden by the environment. A bad value is refused with a French message. */
export function retentionRules(env: Record<string, string | undefined> = {}): RetentionRule[] {
  return RETENTION_KINDS.map((kind) => {
    const name = envName(kind);
    const raw = env[name];
    const base = DEFAULTS[kind];
    if (raw === undefined || raw.trim() === "") return { kind, env: name, source: "défaut" as const, ...base };
    const period = parseDuration(raw);
    if (!period) {
      throw new RetentionConfigError(`${name} : « ${raw} » n'est pas une durée (exemples : 12h, 1j, 6mois, 5ans).`);
    }
    return { kind, env: name, source: "configuration" as const, ...base, period };
  });
}

export function retentionByKind(rules: RetentionRule[]): Record<RetentionKind, RetentionRule> {
  return Object.fromEntries(rules.map((r) => [r.kind, r])) as Record<RetentionKind, RetentionRule>;
}

/** The instant before which data of this period is out of retention. */
export function cutoff(period: Duration, now: Date): Date {
  const d = new Date(now);
  if (period.unit === "hours") return new Date(now.getTime() - period.amount * 3600_000);
  if (period.unit === "days") return new Date(now.getTime() - period.amount * 86_400_000);
  if (period.unit === "months") d.setUTCMonth(d.getUTCMonth() - period.amount);
  else d.setUTCFullYear(d.getUTCFullYear() - period.amount);
  return d;
}

export function formatDuration(period: Duration): string {
  const n = period.amount;
  switch (period.unit) {
    case "hours":
      return `${n} heure${n > 1 ? "s" : ""}`;
    case "days":
      return `${n} jour${n > 1 ? "s" : ""}`;
    case "months":
      return `${n} mois`;
    case "years":
      return `${n} an${n > 1 ? "s" : ""}`;
  }
}

export type PurgeCounts = Record<RetentionKind, number>;

/** The French report of a purge run, one line per kind. */
export function purgeReport(counts: PurgeCounts): string[] {
  const line = (n: number, one: string, many: string) => `${n === 0 ? "aucun" : n} ${n > 1 ? many : one}`;
  return [
    `Liens de connexion supprimés : ${counts.loginTokens}`,
    `Sessions supprimées : ${counts.sessions}`,
    `Entrées du journal des connexions supprimées : ${counts.signInLog}`,
    `Entrées du journal des accès supprimées : ${counts.accessLog}`,
    `Courriels supprimés : ${counts.mails}`,
    `Bilans dont le texte libre a été effacé : ${counts.bilanFreeText}`,
    `Personnes anonymisées (fin de mission) : ${counts.departedPeople}`,
  ].concat(Object.values(counts).every((n) => n === 0) ? [`Bilan : ${line(0, "changement", "changements")}, rien à purger.`] : []);
}
