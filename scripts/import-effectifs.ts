// npm run import:effectifs -- FICHIER.csv
import { importEffectifs } from "../app/services/imports.server.ts";
import { runImportCli } from "./lib/import-cli.ts";

await runImportCli("effectifs", importEffectifs);
