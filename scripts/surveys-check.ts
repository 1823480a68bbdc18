// `npm run surveys:check`: every surveys/<key>/<school-year>.json must be valid JSON, known SurveyJS types,
// unique question names and well-formed indicators, and pass the questionnaire editor's checks (ADR 019). Exits 1 naming each bad file and the reason.
import { loadDefinitionFiles, SurveyDefinitionError, surveysDir } from "../app/surveys/registry.server.ts";

const dir = process.argv[2] ?? surveysDir();
try {
  const files = loadDefinitionFiles(dir);
  for (const f of files) console.log(`OK  ${f.file} — ${f.title} (empreinte ${f.checksum.slice(0, 12)})`);
  console.log(`${files.length} définition(s) valide(s).`);
} catch (error) {
  if (error instanceof SurveyDefinitionError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
