// Imports of the public directory files into the database, in bulk SQL: rows are streamed from the parser
// into a temporary staging table (1 000 rows per INSERT … SELECT FROM unnest), then merged with one
// INSERT … ON CONFLICT per table. One transaction per file: a failure leaves nothing half-written.
import { createHash, randomUUID } from "node:crypto";
import type { Prisma } from "../generated/prisma/client.ts";
import { db, getDb } from "../db/db.server.ts";
import { readAnnuaire, readAnnuaireJson, type AnnuaireEvent } from "../domain/directory/annuaire.ts";
import { readEffectifs, type EffectifRecord } from "../domain/directory/effectifs.ts";
import { consolidateEffectifs } from "../domain/directory/consolidate.ts";
import { DirectoryFileError, type RowRejection } from "../domain/directory/common.ts";
import { audit } from "./audit.server.ts";
import type { Actor } from "../domain/permissions.ts";
import { stageAnnuaire, mergeAnnuaire, mergeEffectifs, type StagedEstablishment } from "./imports-sql.server.ts";

type Tx = Prisma.TransactionClient;
export type ImportChannel = "cli" | "upload" | "demo";

export type ImportOptions = {
  fileName: string;
  actorId: string | null;
  channel: ImportChannel;
  /** Annuaire: keep only the establishments of this académie (code of the Annuaire, e.g. "14"). */
  academyCode?: string;
  /** Annuaire: school year of the file's pupil counts ("Nombre_d_eleves"). Without it they are not stored. */
  pupilSchoolYearId?: string;
  onProgress?: (rowsRead: number) => void;
};

export type ImportSummary = {
  runId: string;
  kind: "ANNUAIRE" | "EFFECTIFS";
  fileName: string;
  checksum: string;
  byteSize: number;
  status: "SUCCEEDED" | "FAILED";
  /** Data rows of the file (header excluded). created + updated + unchanged + skipped + ignored = rowsRead. */
  rowsRead: number;
  /** Rows whose establishment (annuaire) or pupil figure (effectifs) was created, updated, left unchanged. */
  created: number;
  updated: number;
  unchanged: number;
  /** Rows set aside: unreadable, invalid, duplicate, or (effectifs) of an establishment absent from the platform. */
  skipped: number;
  /** Rows out of the platform's scope: écoles, services…, or another académie than the one imported. */
  ignored: number;
  /** Establishments, counted apart from rows: those the kept rows describe, and those absent from the platform. */
  establishments: { known: number; unknown: number };
  /** Effectifs only: pupil counts (one per establishment and school year) created, updated, unchanged. */
  figures: { created: number; updated: number; unchanged: number } | null;
  /** Every skipped row with its reason (the stored report keeps the first 2 000). */
  rejections: RowRejection[];
  ignoredByLabel: Record<string, number>;
  messages: string[];
  error: string | null;
  durationMs: number;
};

const BATCH = 1000;
const STORED_REJECTIONS = 2000;
const TX_TIMEOUT_MS = 10 * 60 * 1000;

/** Hashes and measures the bytes as they flow to the parser. */
function metered(input: AsyncIterable<Uint8Array> | Uint8Array) {
  const hash = createHash("sha256");
  let digest: string | undefined;
  const meter = { bytes: 0, checksum: () => (digest ??= hash.digest("hex")) };
  async function* pass() {
    if (input instanceof Uint8Array) {
      hash.update(input);
      meter.bytes += input.byteLength;
      yield input;
      return;
    }
    for await (const chunk of input) {
      hash.update(chunk);
      meter.bytes += chunk.byteLength;
      yield chunk;
    }
  }
  return { stream: pass(), meter };
}

type Counts = Pick<
  ImportSummary,
  "rowsRead" | "created" | "updated" | "unchanged" | "skipped" | "ignored" | "establishments" | "figures" | "rejections" | "ignoredByLabel" | "messages"
>;

/** Every row read is counted once: a summary that does not add up says so instead of passing silently. */
function balanced(counts: Counts): Counts {
  const accounted = counts.created + counts.updated + counts.unchanged + counts.skipped + counts.ignored;
  if (accounted === counts.rowsRead) return counts;
  return {
    ...counts,
    messages: [...counts.messages, `Anomalie de décompte : ${accounted} lignes classées pour ${counts.rowsRead} lignes lues.`],
  };
}

async function run(
  kind: "ANNUAIRE" | "EFFECTIFS",
  input: AsyncIterable<Uint8Array> | Uint8Array,
  options: ImportOptions,
  body: (tx: Tx, stream: AsyncIterable<Uint8Array>) => Promise<Counts>,
): Promise<ImportSummary> {
  const started = Date.now();
  const { stream, meter } = metered(input);
  let counts: Counts | null = null;
  let error: string | null = null;
  let runId = "";
  try {
    // Not retried (getDb, not the retrying proxy): the upload stream is consumed by the first attempt.
    runId = await getDb().$transaction(
      async (tx) => {
        counts = balanced(await body(tx, stream));
        const record = await tx.importRun.create({ data: runData(kind, options, meter.bytes, meter.checksum(), counts, null) });
        await audit(tx, { actorId: options.actorId, action: `import-${kind.toLowerCase()}`, entityType: "ImportRun", entityId: record.id, summary: { created: counts.created, updated: counts.updated, skipped: counts.skipped } });
        return record.id;
      },
      { timeout: TX_TIMEOUT_MS, maxWait: 30_000 },
    );
  } catch (caught) {
    if (!(caught instanceof DirectoryFileError)) console.error(caught);
    error =
      caught instanceof DirectoryFileError
        ? caught.message
        : `L'import a échoué et rien n'a été enregistré : ${caught instanceof Error ? caught.message.split("\n").slice(-1)[0] : String(caught)}`;
    // Drain the rest of the upload so the checksum covers the whole file.
    for await (const _ of stream) void _;
    counts = {
      rowsRead: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, ignored: 0,
      establishments: { known: 0, unknown: 0 }, figures: null, rejections: [], ignoredByLabel: {}, messages: [],
    };
    const record = await db.importRun.create({
      data: runData(kind, options, meter.bytes, meter.checksum(), counts, error),
    });
    runId = record.id;
  }
  const final = counts as Counts;
  const checksum = meter.checksum();
  return {
    runId,
    kind,
    fileName: options.fileName,
    checksum,
    byteSize: meter.bytes,
    status: error ? "FAILED" : "SUCCEEDED",
    ...final,
    error,
    durationMs: Date.now() - started,
  };
}

function runData(
  kind: "ANNUAIRE" | "EFFECTIFS",
  options: ImportOptions,
  byteSize: number,
  checksum: string,
  counts: Counts,
  error: string | null,
): Prisma.ImportRunUncheckedCreateInput {
  return {
    kind,
    fileName: options.fileName.slice(0, 255),
    checksum,
    byteSize,
    academyCode: options.academyCode ?? null,
    actorId: options.actorId,
    channel: options.channel,
    status: error ? "FAILED" : "SUCCEEDED",
    created: counts.created,
    updated: counts.updated,
    unchanged: counts.unchanged,
    skipped: counts.skipped,
    ignored: counts.ignored,
    report: {
      rejections: counts.rejections.slice(0, STORED_REJECTIONS).map(({ line, uai, reason }) => ({ line, uai, reason })),
      rejectionsTotal: counts.rejections.length,
      rowsRead: counts.rowsRead,
      establishments: counts.establishments,
      figures: counts.figures,
      ignoredByLabel: counts.ignoredByLabel,
      messages: counts.messages,
      error,
    },
    finishedAt: new Date(),
  };
}

export function importAnnuaire(input: AsyncIterable<Uint8Array> | Uint8Array, options: ImportOptions) {
  return run("ANNUAIRE", input, options, async (tx, stream) => {
    await tx.$executeRawUnsafe(STAGE_ANNUAIRE_DDL);
    const rejections: RowRejection[] = [];
    const messages: string[] = [];
    let ignored = 0;
    let ignoredByLabel: Record<string, number> = {};
    let outsideAcademy = 0;
    let rows = 0;
    let batch: StagedEstablishment[] = [];
    for await (const event of annuaireEvents(stream)) {
      if (event.kind === "header") messages.push(...event.header.messages);
      else if (event.kind === "rejected") rejections.push(event);
      else if (event.kind === "record") {
        if (options.academyCode && event.record.academyCode !== options.academyCode) {
          outsideAcademy++;
        } else {
          batch.push({ id: randomUUID(), ...event.record });
          if (batch.length >= BATCH) {
            await stageAnnuaire(tx, batch);
            batch = [];
          }
        }
      } else if (event.kind === "end") {
        ignored = event.summary.ignored;
        ignoredByLabel = event.summary.ignoredByLabel;
      }
      if (event.kind !== "header" && event.kind !== "end" && ++rows % 500 === 0) options.onProgress?.(rows);
    }
    if (batch.length) await stageAnnuaire(tx, batch);
    options.onProgress?.(rows);
    if (outsideAcademy) {
      ignored += outsideAcademy;
      ignoredByLabel = { ...ignoredByLabel, [`Autre académie que ${options.academyCode}`]: outsideAcademy };
    }
    const merged = await mergeAnnuaire(tx, options.pupilSchoolYearId ?? null, `Annuaire de l'éducation (${options.fileName})`);
    if (merged.pupilCounts) messages.push(`${merged.pupilCounts} effectif(s) ${options.pupilSchoolYearId} enregistré(s) depuis l'annuaire.`);
    const kept = merged.counts.created + merged.counts.updated + merged.counts.unchanged;
    return {
      rowsRead: rows,
      ...merged.counts,
      skipped: rejections.length,
      ignored,
      establishments: { known: kept, unknown: 0 },
      figures: null,
      rejections,
      ignoredByLabel,
      messages,
    };
  });
}

export function importEffectifs(input: AsyncIterable<Uint8Array> | Uint8Array, options: ImportOptions) {
  return run("EFFECTIFS", input, options, async (tx, stream) => {
    const rejections: RowRejection[] = [];
    const messages: string[] = [];
    const records: EffectifRecord[] = [];
    let rows = 0;
    for await (const event of readEffectifs(stream)) {
      if (event.kind === "header") messages.push(...event.header.messages);
      else if (event.kind === "rejected") rejections.push(event);
      else if (event.kind === "record") records.push(event.record);
      if (event.kind !== "header" && event.kind !== "end" && ++rows % 500 === 0) options.onProgress?.(rows);
    }
    options.onProgress?.(rows);
    const consolidated = consolidateEffectifs(records);
    for (const c of consolidated) messages.push(...c.conflicts);
    const firstLine = new Map<string, number>();
    for (const r of records) if (!firstLine.has(r.uai)) firstLine.set(r.uai, r.line);
    const merged = await mergeEffectifs(tx, consolidated);
    const unknown = new Set(merged.unknownUais);
    // Each row takes the outcome of the figure it feeds (establishment × school year); rows of an establishment
    // absent from the platform are set aside, reported once per establishment with their number of lines.
    const rowsByUnknown = new Map<string, number>();
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const r of records) {
      if (unknown.has(r.uai)) rowsByUnknown.set(r.uai, (rowsByUnknown.get(r.uai) ?? 0) + 1);
      else {
        const outcome = merged.outcomes.get(`${r.uai}|${r.schoolYearId}`);
        if (outcome === "created") created++;
        else if (outcome === "updated") updated++;
        else unchanged++;
      }
    }
    const skippedRows = rejections.length + [...rowsByUnknown.values()].reduce((a, b) => a + b, 0);
    for (const [uai, lines] of rowsByUnknown) {
      rejections.push({
        kind: "rejected",
        line: firstLine.get(uai) ?? 0,
        uai,
        reason: `Établissement ${uai} absent de la plateforme (${lines} ${lines > 1 ? "lignes écartées" : "ligne écartée"}) : importez d'abord l'Annuaire de l'éducation.`,
      });
    }
    if (merged.keptTotals) {
      messages.push(`${merged.keptTotals} ${merged.keptTotals > 1 ? "effectifs totaux conservés" : "effectif total conservé"} face à un effectif partiel.`);
    }
    rejections.sort((a, b) => a.line - b.line);
    const known = new Set(records.filter((r) => !unknown.has(r.uai)).map((r) => r.uai));
    return {
      rowsRead: rows,
      created,
      updated,
      unchanged,
      skipped: skippedRows,
      ignored: 0,
      establishments: { known: known.size, unknown: unknown.size },
      figures: merged.counts,
      rejections,
      ignoredByLabel: {},
      messages,
    };
  });
}

const MAX_JSON_BYTES = 100 * 1024 * 1024;

/**
 * CSV export, or the JSON export (an array of objects with lowercase names, or Opendatasoft records with a
 * `fields` object). JSON is parsed whole, so it is limited to 100 MB; the CSV is streamed.
 */
async function* annuaireEvents(stream: AsyncIterable<Uint8Array>): AsyncGenerator<AnnuaireEvent> {
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? new Uint8Array() : first.value;
  const rest = (async function* () {
    if (!first.done) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
  const start = Buffer.from(head.subarray(0, 16)).toString("utf8").replace(/^\uFEFF/, "").trimStart();
  if (!start.startsWith("[") && !start.startsWith("{")) {
    yield* readAnnuaire(rest);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of rest) {
    size += chunk.byteLength;
    if (size > MAX_JSON_BYTES) throw new DirectoryFileError("Export JSON trop volumineux (100 Mo au plus) : utilisez l'export CSV.", "EMPTY");
    chunks.push(Buffer.from(chunk));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString("utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new DirectoryFileError(`Fichier JSON illisible : ${error instanceof Error ? error.message : error}.`, "EMPTY");
  }
  const list = Array.isArray(parsed) ? parsed : [];
  if (list.length === 0) throw new DirectoryFileError("L'export JSON ne contient aucun établissement (un tableau d'objets est attendu).", "EMPTY");
  yield* readAnnuaireJson(
    list.map((item) => {
      const record = item as Record<string, unknown>;
      return (record.fields && typeof record.fields === "object" ? record.fields : record) as Record<string, unknown>;
    }),
  );
}

const STAGE_ANNUAIRE_DDL = `CREATE TEMP TABLE stage_establishment (
  id text, uai text, name text, type text, sector text, academy_code text, academy_name text,
  department_code text, department_name text, commune text, basin_code text, basin_name text,
  priority_education text, email text, nature_label text, ministry text, pupils int, closed boolean, closed_on date
) ON COMMIT DROP`;

/** Imports visible to the actor: all for an ADMIN (academyCodes null), those of its académies for a DANE. */
export async function recentImports(academyCodes: string[] | null, limit = 20) {
  return db.importRun.findMany({
    where: academyCodes ? { academyCode: { in: academyCodes } } : {},
    orderBy: { startedAt: "desc" },
    take: limit,
  });
}

export async function getImportRun(academyCodes: string[] | null, id: string) {
  return db.importRun.findFirst({ where: { id, ...(academyCodes ? { academyCode: { in: academyCodes } } : {}) } });
}

/** Académie codes an actor may import for: null = every académie (ADMIN). */
export async function importScope(actor: Actor): Promise<string[] | null> {
  if (actor.roles.some((r) => r.role === "ADMIN")) return null;
  const ids = actor.roles.filter((r) => r.role === "DANE").map((r) => r.academyId);
  const academies = await db.academy.findMany({ where: { id: { in: ids } }, select: { code: true } });
  return academies.map((a) => a.code);
}

export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** Stops an upload past the size limit; the import then fails whole and says why. */
export async function* limitSize(data: AsyncIterable<Uint8Array>, maxBytes = MAX_UPLOAD_BYTES) {
  let total = 0;
  for await (const chunk of data) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new DirectoryFileError(`Fichier trop volumineux : la limite est de ${Math.round(maxBytes / 1024 / 1024)} Mo.`, "EMPTY");
    }
    yield chunk;
  }
}
