// The JSON endpoints of the autosaved forms (the bilan, the lettre de mission): POST { intent, surveyVersionId,
// version, data }, answered { ok: true, ... } or a 4xx { ok: false, message, errors } in French, nothing written.
import { z } from "../domain/zod-fr.ts";
import { getActor } from "../auth/guards.server.ts";
import type { Actor } from "../domain/permissions.ts";
import { BodyError, readJsonBody } from "./json-body.server.ts";
import type { AnswerError } from "../surveys/validate.ts";

// Versions are PostgreSQL integers: a larger number is refused here, not by the database.
const MAX_VERSION = 2_147_483_647;

/** The body's schema; `words` names what the form is ("du questionnaire") and what its version counts ("du brouillon"). */
export function autosaveBodySchema(words: { form: string; draft: string }) {
  return z.object(
    {
      intent: z.enum(["save", "submit"], { error: "doit valoir « save » ou « submit »" }),
      surveyVersionId: z
        .string({ error: `identifiant de version ${words.form} attendu` })
        .regex(/^[A-Za-z0-9_-]{1,100}$/, `identifiant de version ${words.form} invalide`),
      version: z
        .number({ error: `numéro de version ${words.draft} attendu` })
        .int("le numéro de version est un nombre entier")
        .min(1, "le numéro de version commence à 1")
        .max(MAX_VERSION, "numéro de version inconnu"),
      data: z.record(z.string(), z.unknown(), { error: "les réponses doivent être un objet JSON" }),
      page: z.string({ error: "nom de page du questionnaire attendu" }).min(1).max(100).optional(),
    },
    { error: "le contenu doit être un objet JSON { intent, surveyVersionId, version, data }" },
  );
}

export type AutosaveInput = { surveyVersionId: string; version: number; data: Record<string, unknown>; page?: string };

export function autosaveReply(status: number, message: string, errors: AnswerError[] = []) {
  return Response.json({ ok: false, message, errors }, { status });
}

type ServiceError = Error & { status: number; errors?: AnswerError[] };

export async function autosaveAction(
  request: Request,
  options: {
    schema: ReturnType<typeof autosaveBodySchema>;
    /** "enregistrer ou envoyer un bilan" */
    what: string;
    expired: string;
    save: (actor: Actor, input: AutosaveInput, mode: "draft" | "submit") => Promise<object>;
    isServiceError: (error: unknown) => error is ServiceError;
  },
): Promise<Response> {
  if (request.method !== "POST") return autosaveReply(405, `Utilisez POST pour ${options.what}.`);
  const actor = await getActor(request);
  if (!actor) return autosaveReply(401, options.expired);
  let body: unknown;
  try {
    body = await readJsonBody(request);
  } catch (error) {
    if (error instanceof BodyError) return autosaveReply(error.status, error.message);
    throw error;
  }
  const parsed = options.schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return autosaveReply(400, `Requête invalide : champ « ${String(issue.path[0] ?? "corps")} » — ${issue.message}.`);
  }
  const { intent, ...input } = parsed.data;
  try {
    const saved = await options.save(actor, input, intent === "submit" ? "submit" : "draft");
    return Response.json({ ok: true, ...saved });
  } catch (error) {
    if (options.isServiceError(error)) return autosaveReply(error.status, error.message, error.errors ?? []);
    throw error;
  }
}
