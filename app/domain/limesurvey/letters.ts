// Lettres de mission from LimeSurvey (issue 15, ADR 015): a mapping of response columns to the letter's fields
// (establishment UAI, chef, per referent: name, email, status, IMP amount, allègement, and the split of the missions),
// proposed from the codes and titles, confirmed by the DANE, then each response turned into the platform's letter
// answers (surveys/lettre-de-mission). Pure: the caller gives the survey, the fields and each response's values.
import { checkUai } from "../uai.ts";
import { MATRIX_ROWS, type MatrixRowKey } from "../imp/missions.ts";
import type { FieldTarget, ResponseField } from "./fields.ts";
import { parseQuantity } from "./mapping.ts";
import type { LsSurvey } from "./structure.ts";
import { htmlToText } from "./text.ts";

export const LETTER_FIELDS = {
  uai: { label: "UAI de l'établissement", perReferent: false },
  chef_nom: { label: "Nom du chef d'établissement", perReferent: false },
  nom: { label: "Nom du référent", perReferent: true },
  prenom: { label: "Prénom du référent", perReferent: true },
  email: { label: "Adresse électronique du référent", perReferent: true },
  statut: { label: "Statut du référent (enseignant, CPE, documentaliste)", perReferent: true },
  discipline: { label: "Discipline du référent", perReferent: true },
  imp_montant: { label: "Montant de l'IMP en euros", perReferent: true },
  allegement_heures: { label: "Allègement de service en heures", perReferent: true },
  mission: { label: "Répartition d'une mission", perReferent: false },
} as const;
export type LetterField = keyof typeof LETTER_FIELDS;
export const MAX_REFERENTS = 9;

/**
 * One column of the letter mapping. `referent` (1…9) says whose value it is for per-referent fields; for a mission,
 * with `referent` a ticked cell ("Y", "1", "oui", "X") makes that referent responsible, without it the value names
 * the responsible referents ("1", "1 et 2", "Référent 2", a last name, "non concerné").
 */
export type LetterMappingEntry = { column: string; field: LetterField; referent?: number; mission?: MatrixRowKey };
export type LetterMappingProposal = LetterMappingEntry & { title: string; reason: string };

export type FileKind = "bilan" | "letter";
export const FILE_KIND_LABELS: Record<FileKind, string> = { bilan: "Bilan annuel", letter: "Lettre de mission" };

const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

const MISSION_KEYWORDS: Record<MatrixRowKey, string[]> = {
  support_team: ["accompagn", "equipe pedagogique"],
  advise_head: ["conseiller", "conseil", "chef d'etablissement", "direction"],
  communicate: ["communi", "contact dane"],
  self_training: ["se former", "formation"],
  local_authority_liaison: ["collectivite"],
  incident_tickets: ["ticket", "incident"],
  amon_interface: ["amon"],
  user_accounts: ["comptes"],
  tablets: ["tablette"],
  ent_usage_referent: ["referent usages", "usages ent", "usages de l'ent"],
  ent_administrator: ["administrateur", "administration de l'ent", "ent admin"],
  pedagogical_services: ["brne", "pearltrees", "services pedagogiques"],
  website: ["site"],
};

const ORDINALS: [RegExp, number][] = [[/\b(premier|1er|1re|premiere)\b/, 1], [/\b(deuxieme|second|seconde|2e|2eme)\b/, 2], [/\b(troisieme|3e|3eme)\b/, 3]];

type Column = { column: string; question: string; sub: string; base: string };

/** Every answer column of the survey, by its code heading (`Q`, `Q_SQ`, `Q_SQ_COL`), with its question and subquestion texts. */
function columnsOf(survey: LsSurvey, fields: ResponseField[]): Column[] {
  const byCode = new Map(survey.questions.map((q) => [q.code, q]));
  const out: Column[] = [];
  for (const f of fields) {
    if (!["value", "item", "cell"].includes(f.target.kind)) continue;
    const column = f.names.find((n) => !/^\d+X\d+X/.test(n) && !n.includes("[")) ?? f.names[0];
    const [base, ...rest] = column.split("_");
    const q = byCode.get(base);
    if (!q) continue;
    const subTexts = rest.map((code) => q.subquestions.find((s) => s.code === code)).map((s) => (s ? `${s.code} ${htmlToText(Object.values(s.texts)[0] ?? "")}` : ""));
    out.push({ column, base, question: fold(`${q.code} ${htmlToText(Object.values(q.texts)[0] ?? "")}`), sub: fold(`${rest.join(" ")} ${subTexts.join(" ")}`) });
  }
  return out;
}

const isSplit = (t: string) => /repartition|mission|taches|responsable/.test(t);
const isReferent = (t: string) => /referent|rupn|\bref\s*\d|^ref\d|personne/.test(t);

function referentIndex(c: Column): number | null {
  // Codes first: `REF2`, `RUPN_3`, `R1`; a trailing digit (`NOM2`) only in a referent question, never `Q12`'s "2".
  const codes = [c.base, ...c.column.split("_").slice(1)];
  for (const code of codes) {
    const m = /^[a-z]*?(?:ref|rupn|referent|r)[_-]?(\d)$/i.exec(code) ?? (isReferent(c.question) ? /^[a-z]+(\d)$/i.exec(code) : null);
    if (m) return Number(m[1]);
  }
  for (const text of [c.question, c.sub]) {
    const m = /(?:referent|rupn)\s*(?:n°|no|numero)?\s*(\d)\b/.exec(text);
    if (m) return Number(m[1]);
    for (const [re, n] of ORDINALS) if (re.test(text)) return n;
  }
  return null;
}

function fieldOf(text: string): LetterField | null {
  if (/\buai\b|\brne\b|code (de l')?etablissement/.test(text)) return "uai";
  if (/mail|courriel|adresse electronique/.test(text)) return "email";
  if (/prenom/.test(text)) return "prenom";
  if (/\bimp\b|montant|indemnite|euros?\b|€/.test(text)) return "imp_montant";
  if (/allegement|decharge/.test(text)) return "allegement_heures";
  if (/statut|qualite|fonction|corps/.test(text)) return "statut";
  if (/discipline|matiere/.test(text)) return "discipline";
  if (/\bnom\b|\bname\b/.test(text)) return "nom";
  return null;
}

/** A letter mapping proposed from the codes and titles; each field (per referent) is used once. */
export function proposeLetterMapping(survey: LsSurvey, fields: ResponseField[]): LetterMappingProposal[] {
  const out: LetterMappingProposal[] = [];
  const used = new Set<string>();
  const add = (c: Column, entry: LetterMappingEntry, reason: string) => {
    const key = `${entry.field}:${entry.referent ?? ""}:${entry.mission ?? ""}`;
    if (used.has(key)) return;
    used.add(key);
    out.push({ ...entry, title: `${c.question} ${c.sub}`.trim(), reason });
  };
  for (const c of columnsOf(survey, fields)) {
    if (isSplit(c.question) && c.sub) {
      const mission = MATRIX_ROWS.find((r) => MISSION_KEYWORDS[r.key].some((k) => c.sub.includes(k)));
      if (!mission) continue;
      // Array by referent (`REPART_PEDA_R2`): the last segment names the referent.
      const parts = c.column.split("_");
      const referent = parts.length >= 3 ? Number(/(\d)$/.exec(parts[parts.length - 1])?.[1] ?? NaN) : NaN;
      add(c, { column: c.column, field: "mission", mission: mission.key, ...(Number.isInteger(referent) ? { referent } : {}) }, `mission « ${mission.fullLabel} »`);
      continue;
    }
    const whole = `${c.question} ${c.sub}`;
    if (/\b(chef|principal|proviseur|directeur|directrice)\b/.test(whole) && !isReferent(c.sub) && /\bnom\b|signataire|identite/.test(whole)) {
      add(c, { column: c.column, field: "chef_nom" }, "mot-clé « chef »");
      continue;
    }
    const field = fieldOf(c.sub) ?? fieldOf(c.question);
    if (!field) continue;
    if (field === "uai") {
      add(c, { column: c.column, field }, "mot-clé « UAI »");
      continue;
    }
    const referent = referentIndex(c) ?? 1;
    if (referent < 1 || referent > MAX_REFERENTS) continue;
    add(c, { column: c.column, field, referent }, `${LETTER_FIELDS[field].label.toLowerCase()} du référent ${referent}`);
  }
  return out;
}

/** A letter form: the words of the letter in the title, or IMP amounts next to several referents or a split of the missions. */
export function detectFileKind(survey: LsSurvey, fields: ResponseField[]): FileKind {
  const title = fold(Object.values(survey.title)[0] ?? "");
  if (/lettre de mission/.test(title)) return "letter";
  if (/bilan|questionnaire de fin/.test(title)) return "bilan";
  const proposal = proposeLetterMapping(survey, fields);
  // A bilan is answered by one referent (who may give their own IMP): a letter names several, or splits the missions.
  return proposal.some((p) => p.field === "imp_montant") && proposal.some((p) => (p.referent ?? 0) >= 2 || p.field === "mission") ? "letter" : "bilan";
}

/**
 * An amount in euros as typed in LimeSurvey ("625", "625,00 €", "1 250 €", "1.250,50", "312.5") → cents;
 * null for an empty cell; "invalid" for anything else (reported, never guessed: "1,250" and "12 50" are ambiguous).
 */
export function parseEuroAmount(raw: unknown): number | null | "invalid" {
  if (raw === undefined || raw === null || raw === "") return null;
  if (typeof raw === "number") return Number.isFinite(raw) && raw >= 0 && Math.abs(raw * 100 - Math.round(raw * 100)) < 1e-6 ? Math.round(raw * 100) : "invalid";
  if (typeof raw !== "string") return "invalid";
  let s = raw.trim().replace(/\s*(€|eur|euros)\s*$/i, "").trim();
  if (!s) return null;
  // Thousands grouped by (narrow) no-break spaces or spaces: "1 250", "1 250,00".
  if (/^\d{1,3}([\s\u00a0\u202f]\d{3})+([.,]\d{1,2})?$/.test(s)) s = s.replace(/[\s\u00a0\u202f]/g, "");
  // Thousands grouped by dots with a decimal comma: "1.250,00".
  else if (/^\d{1,3}(\.\d{3})+,\d{1,2}$/.test(s)) s = s.replace(/\./g, "");
  const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return "invalid";
  return Number(m[1]) * 100 + (m[2] ? Number(m[2].padEnd(2, "0")) : 0);
}

/** "Enseignant(e)", "Professeur documentaliste", "CPE"… → the letter's status code; null when not recognised. */
export function parseStaffStatus(raw: string): "enseignant" | "cpe" | "documentaliste" | null {
  const s = fold(raw);
  if (/documentaliste|\bdoc\b|cdi/.test(s)) return "documentaliste";
  if (/\bcpe\b|conseill[eè]re? principal/.test(s)) return "cpe";
  if (/enseign|professeur|\bprof\b|\bplp\b|certifie|agrege/.test(s)) return "enseignant";
  return null;
}

const TICKED = /^(y|yes|oui|1|x|true|vrai)$/i;
const NOT_APPLICABLE = /non concern|sans objet|^nc$|^n\/a$|^na$/;

export type LetterBuild =
  | { ok: true; uai: string | null; data: Record<string, unknown>; referents: number; notes: string[] }
  | { ok: false; reason: string };

/**
 * The platform letter's answers from one response: `value(column)` gives the response's value of a column, with a
 * list's code replaced by its French label. `placeholderEmail(n)` names a referent given without an address.
 */
export function buildLetterAnswers(
  entries: LetterMappingEntry[],
  value: (column: string) => unknown,
  placeholderEmail: (referent: number) => string,
): LetterBuild {
  const notes: string[] = [];
  const text = (v: unknown) => (v === undefined || v === null ? "" : String(v).trim());
  const uaiEntry = entries.find((e) => e.field === "uai");
  let uai: string | null = null;
  if (uaiEntry) {
    const raw = text(value(uaiEntry.column));
    if (raw) {
      const check = checkUai(raw.replace(/\s+/g, ""));
      if (!check.ok) return { ok: false, reason: `colonne ${uaiEntry.column} : ${check.reason}` };
      uai = check.uai;
    }
  }
  const numbers = [...new Set(entries.filter((e) => e.referent && LETTER_FIELDS[e.field].perReferent).map((e) => e.referent!))].sort((a, b) => a - b);
  const referents: { n: number; answers: Record<string, unknown> }[] = [];
  for (const n of numbers) {
    const get = (field: LetterField) => {
      const e = entries.find((x) => x.field === field && x.referent === n);
      return e ? { column: e.column, raw: value(e.column) } : null;
    };
    const [nom, prenom, email, statut, discipline, imp, relief] = (["nom", "prenom", "email", "statut", "discipline", "imp_montant", "allegement_heures"] as const).map(get);
    if (![nom, prenom, email, imp, relief].some((x) => x && text(x.raw))) continue;
    const who = `référent ${n}${text(nom?.raw) ? ` (${text(prenom?.raw)} ${text(nom?.raw)})`.replace("( ", "(") : ""}`;
    const answers: Record<string, unknown> = { prenom: text(prenom?.raw), nom: text(nom?.raw), nouveau: false, periode: "annee" };
    const address = text(email?.raw).toLowerCase();
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) answers.email = address;
    else {
      answers.email = placeholderEmail(n);
      notes.push(`${who} : ${address ? `adresse « ${address} » invalide` : "pas d'adresse électronique"}, attribution enregistrée sous ${answers.email}`);
    }
    if (!answers.nom) notes.push(`${who} : nom absent`);
    const status = statut && text(statut.raw) ? parseStaffStatus(text(statut.raw)) : null;
    if (statut && text(statut.raw) && !status) notes.push(`${who} : statut « ${text(statut.raw)} » non reconnu (attendu : enseignant, CPE, documentaliste), non repris`);
    if (status) answers.statut = status;
    if (status === "enseignant" && discipline && text(discipline.raw)) answers.discipline = text(discipline.raw);
    const cents = imp ? parseEuroAmount(imp.raw) : null;
    if (cents === "invalid") notes.push(`${who} : montant d'IMP « ${text(imp!.raw)} » illisible (colonne ${imp!.column}), non repris`);
    const hours = relief && text(relief.raw) ? parseQuantity(relief.raw) : null;
    if (relief && text(relief.raw) && hours === null) notes.push(`${who} : allègement « ${text(relief.raw)} » illisible (colonne ${relief.column}), non repris`);
    if (typeof cents === "number" && cents > 0) {
      answers.reconnaissance = "imp";
      answers.imp_montant = cents / 100;
      if (hours) notes.push(`${who} : IMP et allègement déclarés ensemble ; l'IMP est retenue, l'allègement de ${hours} h n'est pas repris`);
    } else if (hours && hours > 0) {
      answers.reconnaissance = "allegement";
      answers.allegement_heures = hours;
    }
    referents.push({ n, answers });
  }
  if (!referents.length) return { ok: false, reason: "aucun référent dans la réponse (ni nom, ni adresse, ni montant)" };

  const repartition: Record<string, { responsables?: string[]; non_concerne?: boolean }> = {};
  const emailOf = (n: number) => referents.find((r) => r.n === n)?.answers.email as string | undefined;
  for (const e of entries.filter((x) => x.field === "mission" && x.mission)) {
    const raw = text(value(e.column));
    if (!raw) continue;
    const cell = (repartition[e.mission!] ??= {});
    const add = (email: string | undefined) => { if (email) (cell.responsables ??= []).includes(email) || cell.responsables!.push(email); };
    if (e.referent) {
      if (TICKED.test(raw)) {
        if (!emailOf(e.referent)) notes.push(`répartition « ${e.mission} » : le référent ${e.referent} n'est pas dans la réponse`);
        add(emailOf(e.referent));
      }
      continue;
    }
    const folded = fold(raw);
    if (NOT_APPLICABLE.test(folded)) { cell.non_concerne = true; continue; }
    if (/\btous\b|collegial|ensemble/.test(folded)) { referents.forEach((r) => add(r.answers.email as string)); continue; }
    const named = referents.filter((r) => (r.answers.nom && folded.includes(fold(String(r.answers.nom)))) || new RegExp(`(^|\\D)${r.n}(\\D|$)`).test(folded));
    if (!named.length) notes.push(`répartition « ${e.mission} » : « ${raw} » ne désigne aucun référent de la réponse, non reprise`);
    named.forEach((r) => add(r.answers.email as string));
  }
  const chef = entries.find((e) => e.field === "chef_nom");
  const data: Record<string, unknown> = {
    ...(chef && text(value(chef.column)) ? { chef_nom: text(value(chef.column)) } : {}),
    referents: referents.map((r) => r.answers),
    repartition,
    inscription_formation: false,
  };
  return { ok: true, uai, data, referents: referents.length, notes };
}

/** Checks a letter mapping read from a file or a form; French errors naming the entry. */
export function parseLetterMapping(input: unknown): { ok: true; entries: LetterMappingEntry[] } | { ok: false; errors: string[] } {
  const list = Array.isArray(input) ? input : input && typeof input === "object" && Array.isArray((input as { lettre?: unknown }).lettre) ? (input as { lettre: unknown[] }).lettre : null;
  if (!list) return { ok: false, errors: ["correspondance de lettre attendue : une liste d'objets { column, field, referent?, mission? }"] };
  const errors: string[] = [];
  const entries: LetterMappingEntry[] = [];
  list.forEach((e, i) => {
    const { column, field, referent, mission } = (e ?? {}) as Record<string, unknown>;
    const at = `entrée ${i + 1}${typeof column === "string" && column ? ` (${column})` : ""}`;
    if (typeof column !== "string" || !column) return errors.push(`entrée ${i + 1} : colonne manquante`);
    if (typeof field !== "string" || !Object.hasOwn(LETTER_FIELDS, field)) return errors.push(`${at} : champ inconnu « ${String(field)} » (attendu : ${Object.keys(LETTER_FIELDS).join(", ")})`);
    const f = field as LetterField;
    if (referent !== undefined && (!Number.isInteger(referent) || (referent as number) < 1 || (referent as number) > MAX_REFERENTS)) return errors.push(`${at} : numéro de référent invalide « ${String(referent)} » (1 à ${MAX_REFERENTS})`);
    if (LETTER_FIELDS[f].perReferent && referent === undefined) return errors.push(`${at} : précisez le numéro du référent (referent)`);
    if (f === "mission" && !MATRIX_ROWS.some((r) => r.key === mission)) return errors.push(`${at} : mission inconnue « ${String(mission)} » (attendu : ${MATRIX_ROWS.map((r) => r.key).join(", ")})`);
    entries.push({ column, field: f, ...(referent !== undefined ? { referent: referent as number } : {}), ...(f === "mission" ? { mission: mission as MatrixRowKey } : {}) });
  });
  if (!errors.length && !entries.some((e) => e.field === "nom" || e.field === "email" || e.field === "imp_montant")) errors.push("la correspondance ne désigne aucune colonne de référent (nom, adresse ou montant)");
  return errors.length ? { ok: false, errors } : { ok: true, entries };
}

/** Whether a parsed JSON mapping is a letter mapping (entries with `field`) rather than a bilan one (`indicator`). */
export function isLetterMapping(input: unknown): boolean {
  const list = Array.isArray(input) ? input : input && typeof input === "object" ? (input as { lettre?: unknown }).lettre : null;
  return Array.isArray(list) && list.some((e) => e && typeof e === "object" && "field" in e);
}

/** Same entries, whatever their order and their keys' order (a mapping read back from JSONB has its keys reordered). */
export function sameLetterMapping(a: LetterMappingEntry[] | null | undefined, b: LetterMappingEntry[] | null | undefined): boolean {
  const key = (list: LetterMappingEntry[] | null | undefined) => (list ?? []).map((e) => `${e.column}|${e.field}|${e.referent ?? ""}|${e.mission ?? ""}`).sort().join("\n");
  return !!a === !!b && key(a) === key(b);
}

/** Columns of the survey the letter mapping does not use (reported per column). */
export function unmappedLetterColumns(survey: LsSurvey, fields: ResponseField[], entries: LetterMappingEntry[]): string[] {
  const used = new Set(entries.map((e) => e.column));
  return columnsOf(survey, fields).map((c) => c.column).filter((c) => !used.has(c));
}

/** Value of a code heading in SurveyJS answers, with list codes replaced by their label (statuses, referents). */
export function labelledValue(data: Record<string, unknown>, target: FieldTarget | undefined, labels: Map<string, Map<string, string>>): unknown {
  if (!target) return undefined;
  const q = data[target.question] as Record<string, unknown> | undefined;
  const raw = target.kind === "value" ? data[target.question] : target.kind === "item" ? q?.[target.key] : target.kind === "cell" ? (q?.[target.row] as Record<string, unknown> | undefined)?.[target.column] : undefined;
  const label = typeof raw === "string" ? labels.get(target.question)?.get(raw) : undefined;
  return label ?? raw;
}
