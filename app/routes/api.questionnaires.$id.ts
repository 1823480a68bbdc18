// JSON endpoint of the questionnaire editor: autosave of a draft ("save") with its revision (409 when someone saved
// meanwhile). Every refusal is a 4xx JSON body { ok: false, message, errors } in French, with nothing written.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "../domain/zod-fr.ts";
import { getActor } from "../auth/guards.server.ts";
import { hasRole } from "../domain/permissions.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { BodyError, readJsonBody } from "../http/json-body.server.ts";
import { QuestionnaireError } from "../services/questionnaires.server.ts";
import { saveQuestionnaire } from "../services/questionnaires-edit.server.ts";
import type { QuestionIssue } from "../surveys/questionnaire-checks.ts";

const MAX_REVISION = 2_147_483_647;

const bodySchema = z.object({
  intent: z.literal("save", { error: "doit valoir « save »" }),
  revision: z
    .number({ error: "numéro de révision attendu" })
    .int("le numéro de révision est un nombre entier")
    .min(1, "le numéro de révision commence à 1")
    .max(MAX_REVISION, "numéro de révision inconnu"),
  definition: z.record(z.string(), z.unknown(), { error: "la définition doit être un objet JSON" }),
}, { error: "le contenu doit être un objet JSON { intent, revision, definition }" });

function reply(status: number, message: string, errors: QuestionIssue[] = []) {
  return Response.json({ ok: false, message, errors }, { status });
}

const METHOD = "Utilisez POST pour enregistrer un questionnaire.";

export async function loader() {
  return reply(405, METHOD);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return reply(405, METHOD);
  const actor = await getActor(request);
  if (!actor) return reply(401, "Votre session a expiré : reconnectez-vous, vos modifications déjà enregistrées sont conservées.");
  if (!hasRole(actor, { roles: ["DANE"] }, currentSchoolYearId())) return reply(403, "Seule la DANE modifie les questionnaires de l'académie.");
  let body: unknown;
  try {
    body = await readJsonBody(request);
  } catch (error) {
    if (error instanceof BodyError) return reply(error.status, error.message);
    throw error;
  }
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return reply(400, `Requête invalide : champ « ${String(issue.path[0] ?? "corps")} » — ${issue.message}.`);
  }
  try {
    const saved = await saveQuestionnaire(actor, params.id ?? "", parsed.data, context.clientIp ?? null);
    return Response.json({ ok: true, ...saved });
  } catch (error) {
    if (error instanceof QuestionnaireError) return reply(error.status, error.message, error.errors);
    throw error;
  }
}
