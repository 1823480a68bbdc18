// JSON endpoint of the survey form: autosave ("save") and submission ("submit") of the actor's own bilan.
// Every refusal is a 4xx JSON body { ok: false, message, errors } in French, with nothing written.
import type { ActionFunctionArgs } from "@remix-run/node";
import { autosaveAction, autosaveBodySchema, autosaveReply } from "../http/autosave-endpoint.server.ts";
import { saveResponse } from "../services/responses.server.ts";
import { SurveyServiceError } from "../services/survey-errors.server.ts";

const WHAT = "enregistrer ou envoyer un bilan";
const bodySchema = autosaveBodySchema({ form: "du questionnaire", draft: "du brouillon" });

export async function loader() {
  return autosaveReply(405, `Utilisez POST pour ${WHAT}.`);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return autosaveAction(request, {
    schema: bodySchema,
    what: WHAT,
    expired: "Votre session a expiré : reconnectez-vous, vos réponses déjà enregistrées sont conservées.",
    save: (actor, input, mode) => saveResponse(actor, params.id ?? "", input, mode, context.clientIp ?? null),
    isServiceError: (error) => error instanceof SurveyServiceError,
  });
}
