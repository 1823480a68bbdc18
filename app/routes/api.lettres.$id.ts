// JSON endpoint of the letter form: autosave ("save") and submission to the chef's signature ("submit").
// Every refusal is a 4xx JSON body { ok: false, message, errors } in French, with nothing written.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "../domain/zod-fr.ts";
import { getActor } from "../auth/guards.server.ts";
import { BodyError, readJsonBody } from "../http/json-body.server.ts";
import { LetterError, saveLetter } from "../services/mission-letters.server.ts";
import type { AnswerError } from "../surveys/validate.ts";

// Versions are PostgreSQL integers: a larger number is refused here, not by the database.
const MAX_VERSION = 2_147_483_647;

const bodySchema = z.object({
  intent: z.enum(["save", "submit"], { error: "doit valoir « save » ou « submit »" }),
  surveyVersionId: z
    .string({ error: "identifiant de version du formulaire attendu" })
    .regex(/^[A-Za-z0-9_-]{1,100}$/, "identifiant de version du formulaire invalide"),
  version: z
    .number({ error: "numéro de version de la lettre attendu" })
    .int("le numéro de version est un nombre entier")
    .min(1, "le numéro de version commence à 1")
    .max(MAX_VERSION, "numéro de version inconnu"),
  data: z.record(z.string(), z.unknown(), { error: "les réponses doivent être un objet JSON" }),
}, { error: "le contenu doit être un objet JSON { intent, surveyVersionId, version, data }" });

function reply(status: number, message: string, errors: AnswerError[] = []) {
  return Response.json({ ok: false, message, errors }, { status });
}

export async function loader() {
  return reply(405, "Utilisez POST pour enregistrer ou soumettre une lettre de mission.");
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return reply(405, "Utilisez POST pour enregistrer ou soumettre une lettre de mission.");
  const actor = await getActor(request);
  if (!actor) return reply(401, "Votre session a expiré : reconnectez-vous, vos saisies déjà enregistrées sont conservées.");
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
  const { intent, ...input } = parsed.data;
  try {
    const saved = await saveLetter(actor, params.id ?? "", input, intent === "submit" ? "submit" : "draft", context.clientIp ?? null);
    return Response.json({ ok: true, ...saved });
  } catch (error) {
    if (error instanceof LetterError) return reply(error.status, error.message, error.errors);
    throw error;
  }
}
