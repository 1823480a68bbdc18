// The demo directory is an extract of the public Annuaire de l'éducation (Ille-et-Vilaine, 2023), shipped as the
// CSV it was taken from and loaded by the real importer (ADR 018): the demo cannot type an establishment
// differently from an import of the same file. The extract keeps six écoles of the source on purpose: the platform
// covers the second degree only, and the importer leaves them out.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readAnnuaire, type AnnuaireRecord } from "../../app/domain/directory/annuaire.ts";
import { collectEvents } from "../../app/domain/directory/common.ts";

export const DEMO_ANNUAIRE_FILE = "fr-en-annuaire-education-ille-et-vilaine.csv";
export const DEMO_ANNUAIRE_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), DEMO_ANNUAIRE_FILE);
export const DEMO_ACADEMY_CODE = "14";

export function demoAnnuaireBytes(): Buffer {
  return readFileSync(DEMO_ANNUAIRE_PATH);
}

/** The establishments the importer keeps from the extract, in file order (the demo accounts refer to positions). */
export async function demoDirectory(): Promise<AnnuaireRecord[]> {
  const { records } = await collectEvents(readAnnuaire(demoAnnuaireBytes()));
  return records.filter((r) => r.academyCode === DEMO_ACADEMY_CODE);
}
