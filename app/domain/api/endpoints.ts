// The read API's endpoints (ADR 021): their query parameters, validated with zod, and the shape of their rows. The
// same schemas validate each call and generate the OpenAPI document: the documentation cannot drift from the code.
import type { ZodObject, ZodType } from "zod";
import { z } from "../zod-fr.ts";
import type { ApiResource } from "./tokens.ts";
import { ESTABLISHMENT_TYPES, PRIORITY_VALUES, REFERENT_BUCKETS, ZONE_LEVELS } from "../dashboards/filters.ts";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

// ---------------------------------------------------------------------------------------------------------------
// Query parameters. Every value is a string of the URL; repeated parameters (type, annee) are lists.

const code = (label: string) => z.string().regex(/^[\w.+-]{1,20}$/, `${label} : code invalide (lettres, chiffres, « . », « + » ou « - », 20 caractères au plus).`);
const cuid = (label: string) => z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, `${label} : identifiant invalide.`);
const schoolYear = z
  .string()
  .regex(/^\d{4}-\d{4}$/, "annee : année scolaire attendue, par exemple 2025-2026.")
  .refine((y) => Number(y.slice(5)) === Number(y.slice(0, 4)) + 1, "annee : les deux années doivent se suivre, par exemple 2025-2026.");

const page = {
  limite: z
    .string()
    .regex(/^\d{1,7}$/, `limite : nombre entier de 1 à ${MAX_PAGE_SIZE} attendu.`)
    .transform(Number)
    .pipe(z.number().int().min(1, `limite : ${MAX_PAGE_SIZE} au plus, 1 au moins.`).max(MAX_PAGE_SIZE, `limite : ${MAX_PAGE_SIZE} au plus, 1 au moins.`))
    .optional()
    .meta({ description: `Nombre de lignes de la page, de 1 à ${MAX_PAGE_SIZE} (${DEFAULT_PAGE_SIZE} par défaut). Sans effet en CSV.` }),
  curseur: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, "curseur : valeur invalide ; reprenez celle de « nextCursor » de la page précédente.")
    .optional()
    .meta({ description: "Curseur opaque de la page suivante : la valeur « nextCursor » de la page précédente. Absent : première page." }),
};

const academie = {
  academie: code("academie")
    .optional()
    .meta({ description: "Code de l'académie (« 14 » pour Rennes). Un jeton d'académie ne lit que la sienne ; un jeton national lit toutes les académies sans ce paramètre." }),
};

const establishmentFilters = {
  type: z.array(z.enum(ESTABLISHMENT_TYPES, { error: `type : ${ESTABLISHMENT_TYPES.join(", ")}.` })).max(5).optional().meta({ description: "Type d'établissement (répétable) : COLLEGE, LYCEE, LYCEE_PRO, EREA, OTHER." }),
  departement: code("departement").optional().meta({ description: "Code du département (« 035 »)." }),
  bassin: code("bassin").optional().meta({ description: "Code du bassin de formation." }),
  secteur: z.enum(["PUBLIC", "PRIVATE"], { error: "secteur : PUBLIC ou PRIVATE." }).optional().meta({ description: "Secteur : PUBLIC ou PRIVATE." }),
  ep: z.enum(PRIORITY_VALUES, { error: "ep : REP+, REP ou hors." }).optional().meta({ description: "Éducation prioritaire : REP+, REP, ou « hors » (hors éducation prioritaire)." }),
};

const years = z.array(schoolYear).max(20, "annee : 20 années au plus.");

export const establishmentsQuery = z.strictObject({
  ...page,
  ...academie,
  ...establishmentFilters,
  uai: z.string().regex(/^\d{7}[A-Za-z]$/, "uai : 7 chiffres et une lettre attendus (exemple : 0350005R).").optional().meta({ description: "UAI d'un établissement." }),
  annee: years.optional().meta({ description: "Années scolaires des effectifs renvoyés (répétable) ; toutes par défaut." }),
});

export const campaignsQuery = z.strictObject({
  ...page,
  ...academie,
  annee: years.optional().meta({ description: "Année scolaire dont les campagnes font le bilan (répétable)." }),
});

export const responsesQuery = z.strictObject({
  ...page,
  ...academie,
  ...establishmentFilters,
  campagne: cuid("campagne").optional().meta({ description: "Identifiant d'une campagne." }),
  annee: years.optional().meta({ description: "Année scolaire dont les bilans font le bilan (répétable)." }),
});

export const LETTER_STATUSES = ["DRAFT", "SUBMITTED", "SIGNED", "VALIDATED"] as const;
export const lettersQuery = z.strictObject({
  ...page,
  ...academie,
  ...establishmentFilters,
  annee: years.optional().meta({ description: "Année scolaire des lettres (répétable)." }),
  statut: z.enum(LETTER_STATUSES, { error: "statut : DRAFT, SUBMITTED, SIGNED ou VALIDATED." }).optional().meta({ description: "État de la lettre : DRAFT, SUBMITTED, SIGNED, VALIDATED." }),
});

export const TRAINING_KINDS = ["ENTRY_TRAINING", "REGROUPEMENT", "VIRTUAL_CLASS"] as const;
export const sessionsQuery = z.strictObject({
  ...page,
  ...academie,
  annee: years.optional().meta({ description: "Année scolaire où la session a lieu (répétable)." }),
  formation: z.enum(TRAINING_KINDS, { error: "formation : ENTRY_TRAINING, REGROUPEMENT ou VIRTUAL_CLASS." }).optional().meta({ description: "Sorte de formation : ENTRY_TRAINING, REGROUPEMENT, VIRTUAL_CLASS." }),
});

export const REGISTRATION_STATUSES = ["REGISTERED", "WAITLISTED", "CANCELLED"] as const;
export const registrationsQuery = z.strictObject({
  ...page,
  ...academie,
  annee: years.optional().meta({ description: "Année scolaire où la session a lieu (répétable)." }),
  session: cuid("session").optional().meta({ description: "Identifiant d'une session." }),
  statut: z.enum(REGISTRATION_STATUSES, { error: "statut : REGISTERED, WAITLISTED ou CANCELLED." }).optional().meta({ description: "État de l'inscription." }),
});

export const DASHBOARDS = ["charge", "participation", "imp"] as const;
export type DashboardName = (typeof DASHBOARDS)[number];
export const IMP_STATUS_FILTERS = ["toutes", "signees", "validees"] as const;
export const dashboardQuery = z.strictObject({
  ...academie,
  ...establishmentFilters,
  annee: years.optional().meta({ description: "Années scolaires (répétable) ; par défaut la dernière année qui a des données." }),
  referents: z.enum(REFERENT_BUCKETS, { error: "referents : 1, 2 ou 3+." }).optional().meta({ description: "Charge : nombre de référents déclarés (1, 2, 3+)." }),
  decoupage: z.enum(ZONE_LEVELS, { error: "decoupage : departement ou bassin." }).optional().meta({ description: "Charge : découpage du panneau par zone, departement (défaut) ou bassin." }),
  lettres: z.enum(IMP_STATUS_FILTERS, { error: "lettres : toutes, signees ou validees." }).optional().meta({ description: "IMP : toutes les lettres (toutes, défaut), signées ou validées (signees), validées seulement (validees)." }),
});

/** Parameters given as lists (repeatable in the URL). */
export const LIST_PARAMS = new Set(["type", "annee"]);

// ---------------------------------------------------------------------------------------------------------------
// Rows. Dates are ISO 8601 strings (UTC); amounts are in cents.

const dateTime = () => z.string().meta({ format: "date-time" });
const date = () => z.string().meta({ format: "date" });
const establishmentRef = z.object({ id: z.string(), uai: z.string(), name: z.string(), type: z.enum(ESTABLISHMENT_TYPES) });
const person = z.object({ firstName: z.string(), lastName: z.string(), email: z.string() }).nullable().optional().meta({ description: "Seulement avec un jeton autorisé aux données personnelles." });

export const establishmentRow = z.object({
  id: z.string(),
  uai: z.string(),
  name: z.string(),
  type: z.enum(ESTABLISHMENT_TYPES),
  sector: z.enum(["PUBLIC", "PRIVATE"]),
  academyCode: z.string(),
  departmentCode: z.string().nullable(),
  departmentName: z.string().nullable(),
  basinCode: z.string().nullable(),
  basinName: z.string().nullable(),
  commune: z.string().nullable(),
  priorityEducation: z.string().nullable(),
  closedAt: dateTime().nullable(),
  pupilCounts: z.array(z.object({ schoolYear: z.string(), pupilCount: z.number().int().nullable(), scope: z.enum(["TOTAL", "PARTIAL"]), source: z.string() })),
});

export const campaignRow = z.object({
  id: z.string(),
  title: z.string(),
  academyCode: z.string(),
  schoolYear: z.string(),
  survey: z.object({ key: z.string(), version: z.number().int(), title: z.string() }),
  opensAt: dateTime(),
  closesAt: dateTime(),
  invited: z.number().int().meta({ description: "Référents invités (audience figée), 0 avant l'envoi des invitations." }),
  submitted: z.number().int(),
  drafts: z.number().int(),
});

export const responseRow = z.object({
  id: z.string(),
  campaignId: z.string(),
  schoolYear: z.string(),
  establishment: establishmentRef,
  submittedAt: dateTime().nullable(),
  indicators: z.array(z.object({ indicator: z.string(), question: z.string(), numericValue: z.number().nullable(), textValue: z.string().nullable() })).meta({
    description: "Réponses aux questions étiquetées d'un indicateur. Sans données personnelles : les textes libres (« autre », commentaires) sont retirés.",
  }),
  answers: z.record(z.string(), z.unknown()).meta({
    description: "Réponses du bilan. Sans données personnelles : seulement les questions fermées (choix, oui/non, notes) et les nombres.",
  }),
  respondent: person,
});

export const letterRow = z.object({
  id: z.string(),
  schoolYear: z.string(),
  establishment: establishmentRef,
  status: z.enum(LETTER_STATUSES),
  pupilCount: z.number().int().nullable(),
  envelopeCents: z.number().int().nullable(),
  topUpCents: z.number().int(),
  attributedCents: z.number().int(),
  submittedAt: dateTime().nullable(),
  signedAt: dateTime().nullable(),
  validatedAt: dateTime().nullable(),
  attributions: z.array(
    z.object({
      position: z.number().int(),
      staffStatus: z.string(),
      discipline: z.string().nullable(),
      newcomer: z.boolean(),
      impCents: z.number().int().nullable(),
      reliefHours: z.number().nullable(),
      startsOn: date().nullable(),
      endsOn: date().nullable(),
      person,
    }),
  ),
});

export const sessionRow = z.object({
  id: z.string(),
  course: z.object({ id: z.string(), title: z.string(), kind: z.enum(TRAINING_KINDS), audience: z.string() }),
  academyCode: z.string(),
  startsAt: dateTime(),
  endsAt: dateTime(),
  venueMode: z.enum(["IN_PERSON", "REMOTE"]),
  address: z.string().nullable(),
  capacity: z.number().int(),
  registrationDeadline: dateTime().nullable(),
  zoneCode: z.string().nullable(),
  establishmentType: z.enum(ESTABLISHMENT_TYPES).nullable(),
  cancelledAt: dateTime().nullable(),
  registered: z.number().int(),
  waitlisted: z.number().int(),
  attended: z.number().int(),
});

export const registrationRow = z.object({
  id: z.string(),
  sessionId: z.string(),
  establishment: establishmentRef.nullable(),
  kind: z.enum(["VOLUNTEER", "DESIGNATED", "CONVOKED"]),
  status: z.enum(REGISTRATION_STATUSES),
  createdAt: dateTime(),
  cancelledAt: dateTime().nullable(),
  attended: z.boolean().nullable(),
  person,
});

export const dashboardBody = z.object({ ok: z.literal(true), dashboard: z.enum(DASHBOARDS), schoolYears: z.array(z.string()), data: z.record(z.string(), z.unknown()) });

// ---------------------------------------------------------------------------------------------------------------

export type Endpoint = {
  path: string;
  resource: ApiResource;
  summary: string;
  description: string;
  query: ZodObject;
  /** The row of a paginated list, or the whole body of an aggregate. */
  row?: ZodType;
  body?: ZodType;
  paginated: boolean;
  csv: boolean;
};

export const ENDPOINTS: Endpoint[] = [
  { path: "/api/v1/etablissements", resource: "etablissements", summary: "Établissements et effectifs", description: "Les établissements de la portée du jeton, avec leurs effectifs par année scolaire.", query: establishmentsQuery, row: establishmentRow, paginated: true, csv: true },
  { path: "/api/v1/campagnes", resource: "campagnes", summary: "Campagnes de bilans", description: "Les campagnes de bilans annuels, avec leur participation.", query: campaignsQuery, row: campaignRow, paginated: true, csv: true },
  { path: "/api/v1/reponses", resource: "reponses", summary: "Réponses aux bilans", description: "Les bilans envoyés (les brouillons ne sont pas publiés), avec leurs indicateurs et leurs réponses.", query: responsesQuery, row: responseRow, paginated: true, csv: true },
  { path: "/api/v1/lettres", resource: "lettres", summary: "Lettres de mission et attributions", description: "Les lettres de mission, leurs montants et les attributions d'IMP ou d'allègement de chaque référent.", query: lettersQuery, row: letterRow, paginated: true, csv: true },
  { path: "/api/v1/formations/sessions", resource: "formations", summary: "Sessions de formation", description: "Les sessions des formations de l'académie, avec leurs nombres d'inscrits, de personnes en liste d'attente et de présents.", query: sessionsQuery, row: sessionRow, paginated: true, csv: true },
  { path: "/api/v1/formations/inscriptions", resource: "formations", summary: "Inscriptions aux formations", description: "Les inscriptions aux sessions (y compris annulées et en liste d'attente), avec la présence.", query: registrationsQuery, row: registrationRow, paginated: true, csv: true },
  { path: "/api/v1/tableaux-de-bord/charge", resource: "tableaux-de-bord", summary: "Tableau de bord : charge des référents", description: "Les agrégats du tableau de bord de la charge : heures par activité, par type, secteur, zone et année.", query: dashboardQuery, body: dashboardBody, paginated: false, csv: false },
  { path: "/api/v1/tableaux-de-bord/participation", resource: "tableaux-de-bord", summary: "Tableau de bord : participation", description: "La participation aux campagnes : invités, bilans envoyés, brouillons, taux de réponse.", query: dashboardQuery, body: dashboardBody, paginated: false, csv: false },
  { path: "/api/v1/tableaux-de-bord/imp", resource: "tableaux-de-bord", summary: "Tableau de bord : IMP", description: "Les agrégats du tableau de bord des IMP : enveloppes et attributions, par type et par année.", query: dashboardQuery, body: dashboardBody, paginated: false, csv: false },
];

export function endpointAt(path: string): Endpoint {
  const found = ENDPOINTS.find((e) => e.path === path);
  if (!found) throw new Error(`Unknown API endpoint ${path}`);
  return found;
}

/** The URL's parameters as the schema's input: lists for repeatable ones, a French error for repeated single ones. */
export function queryInput(params: URLSearchParams): { input: Record<string, string | string[]> } | { error: string } {
  const input: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (LIST_PARAMS.has(key)) input[key] = values;
    else if (values.length > 1) return { error: `Paramètre « ${key.slice(0, 40)} » donné plusieurs fois : une seule valeur est attendue.` };
    else input[key] = values[0];
  }
  return { input };
}

/** The first problem of a failed parse, as one French sentence naming the parameter. */
export function queryProblem(issues: { code: string; path: PropertyKey[]; message: string; keys?: string[] }[]): string {
  const issue = issues[0];
  if (issue.code === "unrecognized_keys") return `Paramètre inconnu : « ${(issue.keys ?? []).join(" », « ").slice(0, 200)} ». Consultez la documentation de l'API.`;
  const name = String(issue.path[0] ?? "");
  return issue.message.startsWith(`${name} :`) ? issue.message : `${name} : ${issue.message}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Opaque cursors: the id of the last row of a page, signed with nothing (it grants nothing: every page is scoped
// again), but wrapped so that clients treat it as opaque.

export function encodeCursor(lastId: string): string {
  return Buffer.from(`c1:${lastId}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): string | null {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^c1:([A-Za-z0-9_-]{1,40})$/.exec(text);
  return match ? match[1] : null;
}
