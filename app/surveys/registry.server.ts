// Registry of the survey definitions in surveys/<key>/<school-year>.json, mirrored into SurveyVersion rows.
// A file whose content changed becomes a new version once the current one has answers (ADR 006).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import { definitionChecksum } from "./checksum.server.ts";
import { definitionProblems, type SurveyDefinition } from "./model.ts";
import { questionnaireIssues } from "./questionnaire-checks.ts";

export type DefinitionFile = { key: string; schoolYearId: string; file: string; title: string; checksum: string; definition: SurveyDefinition };
export class SurveyDefinitionError extends Error {}

const KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const YEAR_FILE = /^(\d{4})-(\d{4})\.json$/;

export function surveysDir() {
  return path.resolve(process.env.RUPN_SURVEYS_DIR ?? "surveys");
}

/** Reads and checks every definition; throws one error listing each bad file with its reason. */
export function loadDefinitionFiles(dir = surveysDir()): DefinitionFile[] {
  const problems: string[] = [];
  const files: DefinitionFile[] = [];
  for (const key of readdirSync(dir).sort()) {
    const keyDir = path.join(dir, key);
    if (!statSync(keyDir).isDirectory()) continue;
    for (const name of readdirSync(keyDir).sort()) {
      const file = path.join(path.basename(dir), key, name);
      const match = YEAR_FILE.exec(name);
      if (!KEY_PATTERN.test(key)) { problems.push(`${file} : clé de questionnaire invalide « ${key} » (minuscules et tirets)`); continue; }
      if (!match || Number(match[2]) !== Number(match[1]) + 1) { problems.push(`${file} : nom de fichier attendu <année>-<année+1>.json`); continue; }
      let definition: unknown;
      try {
        definition = JSON.parse(readFileSync(path.join(keyDir, name), "utf8"));
      } catch (error) {
        problems.push(`${file} : JSON invalide — ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      // surveys:check and the questionnaire editor apply the same rules (ADR 019): first those of every definition,
      // then what an edited questionnaire needs (choices, wording, bounds, conditions on existing questions).
      const issues = definitionProblems(definition);
      if (!issues.length) issues.push(...questionnaireIssues(definition).map((i) => (i.question ? `question « ${i.question} » : ${i.message}` : i.message)));
      if (issues.length) { problems.push(...issues.map((i) => `${file} : ${i}`)); continue; }
      const def = definition as SurveyDefinition;
      files.push({ key, schoolYearId: `${match[1]}-${match[2]}`, file, title: String(def.title), checksum: definitionChecksum(def), definition: def });
    }
  }
  if (problems.length) throw new SurveyDefinitionError(`Définitions de questionnaires invalides :\n- ${problems.join("\n- ")}`);
  return files;
}

export type SyncOutcome = { key: string; schoolYearId: string; version: number; change: "created" | "unchanged" | "updated" | "new-version" };

/** Mirrors the files into SurveyVersion: unchanged, updated in place while unanswered, or a new version. */
export async function syncSurveyVersions(files: DefinitionFile[] = loadDefinitionFiles(), client: PrismaClient = db): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = [];
  for (const f of files) {
    const outcome = await client.$transaction(async (tx) => {
      // One sync at a time per survey (two processes starting together).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`survey:${f.key}:${f.schoolYearId}`}))`;
      // The national model only (académie versions share the key and the numbering: ADR 019).
      const latest = await tx.surveyVersion.findFirst({
        where: { key: f.key, schoolYearId: f.schoolYearId, academyId: null },
        orderBy: { version: "desc" },
        select: { id: true, version: true, checksum: true, _count: { select: { responses: true } } },
      });
      const data = { title: f.title, checksum: f.checksum, definition: f.definition as Prisma.InputJsonValue };
      if (!latest) {
        await tx.surveyVersion.create({ data: { ...data, key: f.key, schoolYearId: f.schoolYearId, version: 1 } });
        return "created" as const;
      }
      if (latest.checksum === f.checksum) return "unchanged" as const;
      if (latest._count.responses === 0) {
        await tx.surveyVersion.update({ where: { id: latest.id }, data });
        return "updated" as const;
      }
      await tx.surveyVersion.create({ data: { ...data, key: f.key, schoolYearId: f.schoolYearId, version: (await lastNumber(tx, f.key, f.schoolYearId)) + 1 } });
      return "new-version" as const;
    });
    const version = await client.surveyVersion.findFirst({
      where: { key: f.key, schoolYearId: f.schoolYearId, academyId: null }, orderBy: { version: "desc" }, select: { version: true },
    });
    outcomes.push({ key: f.key, schoolYearId: f.schoolYearId, version: version!.version, change: outcome });
  }
  return outcomes;
}

type Tx = Pick<PrismaClient, "surveyVersion">;

/** The highest version number of a survey key and year, national and académie versions together (one numbering). */
export async function lastNumber(tx: Tx, key: string, schoolYearId: string): Promise<number> {
  const last = await tx.surveyVersion.findFirst({ where: { key, schoolYearId }, orderBy: { version: "desc" }, select: { version: true } });
  return last?.version ?? 0;
}

/** The latest version of every national survey model. */
export async function latestSurveyVersions() {
  const rows = await db.surveyVersion.findMany({
    where: { academyId: null },
    orderBy: [{ key: "asc" }, { schoolYearId: "desc" }, { version: "desc" }],
    select: { id: true, key: true, schoolYearId: true, version: true, title: true },
  });
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(`${r.key}/${r.schoolYearId}`) && seen.add(`${r.key}/${r.schoolYearId}`));
}
