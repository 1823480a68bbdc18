// npm run import:annuaire -- FICHIER.csv [--academie CODE] [--annee 2025-2026 | --sans-effectifs]
import { importAnnuaire } from "../app/services/imports.server.ts";
import { runImportCli } from "./lib/import-cli.ts";

await runImportCli("annuaire", importAnnuaire);
