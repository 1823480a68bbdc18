// bench/import: imports a national-size Annuaire file (~70 000 rows, built by replicating the real Occitanie
// fixture with new valid UAIs) and compares it with a plain bulk load of the same in-scope rows in the same run.
// Goal (issue #3): ≤ 15 s and ≤ 300 MB RSS for the importer. Run: npm run bench:import
import { createReadStream, createWriteStream, readFileSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import pg from "pg";
import { uaiCheckLetter } from "../app/domain/uai.ts";
import { benchDatabase, fmt } from "./lib.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 70_000);
const fixture = path.resolve("../shared/fixtures/annuaire/carte_scolaire_dev/fr-en-annuaire-education.csv");

async function generate(file: string) {
  const text = readFileSync(fixture, "utf8").replace(/^\uFEFF/, "");
  const [header, ...lines] = text.split(/\r?\n/).filter(Boolean);
  const out = createWriteStream(file);
  out.write("\uFEFF" + header + "\r\n");
  let n = 0;
  for (let copy = 1; n < ROWS; copy++) {
    for (const line of lines) {
      if (n >= ROWS) break;
      const digits = String(copy * 700_000 + n).padStart(7, "0").slice(-7);
      const uai = digits + uaiCheckLetter(digits);
      if (!out.write(uai + line.slice(line.indexOf(";")) + "\r\n")) await once(out, "drain");
      n++;
    }
  }
  out.end();
  await once(out, "finish");
  return n;
}

/** Baseline: naive split of the same file and INSERT … SELECT FROM unnest of the in-scope rows, 5 000 per statement. */
async function baseline(url: string, file: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE TABLE baseline (uai text primary key, name text, type text, sector text, commune text, email text)`);
  const started = performance.now();
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const [header, ...lines] = text.split("\r\n").filter(Boolean);
  const cols = header.split(";");
  const at = (n: string) => cols.indexOf(n);
  const [iUai, iName, iType, iSector, iCommune, iMail] = ["Identifiant_de_l_etablissement", "Nom_etablissement", "Type_etablissement", "Statut_public_prive", "Nom_commune", "Mail"].map(at);
  let batch: string[][] = [];
  let rows = 0;
  const flush = async () => {
    if (!batch.length) return;
    await client.query(
      `INSERT INTO baseline SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) ON CONFLICT DO NOTHING`,
      [0, 1, 2, 3, 4, 5].map((i) => batch.map((r) => r[i])),
    );
    rows += batch.length;
    batch = [];
  };
  for (const line of lines) {
    const c = line.split(";");
    if (!["Collège", "Lycée", "EREA"].includes(c[iType])) continue;
    batch.push([c[iUai], c[iName], c[iType], c[iSector], c[iCommune], c[iMail]]);
    if (batch.length === 5000) await flush();
  }
  await flush();
  const ms = performance.now() - started;
  await client.end();
  return { ms, rows };
}

const db = await benchDatabase();
const file = path.join(db.dir, "annuaire-national.csv");
try {
  const rows = await generate(file);
  console.log(`Fichier généré : ${rows} lignes (${(readFileSync(file).byteLength / 1e6).toFixed(1)} Mo)`);
  const { importAnnuaire } = await import("../app/services/imports.server.ts");
  const floorRss = process.memoryUsage().rss;
  let peakRss = floorRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const summary = await importAnnuaire(createReadStream(file, { highWaterMark: 256 * 1024 }), {
    fileName: "annuaire-national.csv",
    actorId: null,
    channel: "cli",
    pupilSchoolYearId: "2025-2026",
  });
  const importMs = performance.now() - started;
  clearInterval(sampler);
  if (summary.status !== "SUCCEEDED") throw new Error(summary.error ?? "import failed");
  const base = await baseline(db.url, file);
  console.log(`importeur   : ${fmt(importMs)} pour ${summary.created} établissements créés, ${summary.skipped} lignes écartées, ${summary.ignored} hors périmètre ; RSS max ${(peakRss / 1e6).toFixed(0)} Mo (processus au repos : ${(floorRss / 1e6).toFixed(0)} Mo)`);
  console.log(`référence   : ${fmt(base.ms)} (split naïf + INSERT … SELECT FROM unnest de ${base.rows} lignes, sans validation ni fusion)`);
  console.log(`ratio importeur / référence : ${(importMs / base.ms).toFixed(2)}`);
  console.log(`objectifs : ≤ 15 s (${importMs <= 15_000 ? "atteint" : "NON atteint"}), ≤ 300 Mo RSS (${peakRss <= 300e6 ? "atteint" : "NON atteint"})`);
} finally {
  const { disconnectDb } = await import("../app/db/db.server.ts");
  await disconnectDb();
  await db.close();
}
process.exit(0);
