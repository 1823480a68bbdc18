// JSON endpoint of the letter form: autosave ("save") and submission to the chef's signature ("submit").
// Every refusal is a 4xx JSON body { ok: false, message, errors } in French, with nothing written.
import type { ActionFunctionArgs } from "@remix-run/node";
import { autosaveAction, autosaveBodySchema, autosaveReply } from "../http/autosave-endpoint.server.ts";
import { LetterError, saveLetter } from "../services/mission-letters.server.ts";

const WHAT = "enregistrer ou soumettre une lettre de mission";
const bodySchema = autosaveBodySchema({ form: "du formulaire", draft: "de la lettre" });

export async function loader() {
  return autosaveReply(405, `Utilisez POST pour ${WHAT}.`);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return autosaveAction(request, {
    schema: bodySchema,
    what: WHAT,
    expired: "Votre session a expiré : reconnectez-vous, vos saisies déjà enregistrées sont conservées.",
    // The letter is one page of answers: a page name, if sent, is not kept.
    save: (actor, { page: _page, ...input }, mode) => saveLetter(actor, params.id ?? "", input, mode, context.clientIp ?? null),
    isServiceError: (error) => error instanceof LetterError,
  });
}
