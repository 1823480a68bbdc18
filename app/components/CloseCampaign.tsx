// "Clore la campagne": a destructive, final action, so a danger-styled button that only leads to a confirmation
// step (a plain GET to `?cloture=confirmer`, so it works without JavaScript); the server refuses a close without
// the confirmation field.
import { useEffect, useRef } from "react";
import { Form, Link } from "@remix-run/react";

export const CLOSE_CONFIRM_PARAM = "cloture";

export function CloseCampaignButton() {
  return (
    <Link className="fr-btn rupn-btn--danger fr-icon-lock-line fr-btn--icon-left" to={`?${CLOSE_CONFIRM_PARAM}=confirmer`} preventScrollReset>
      Clore la campagne
    </Link>
  );
}

export function CloseCampaignConfirmation({ pending, closesAt }: { pending: number; closesAt: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="fr-alert fr-alert--warning fr-mb-3w" role="region" aria-labelledby="close-confirm-title" data-testid="close-confirmation">
      <h2 id="close-confirm-title" className="fr-alert__title" tabIndex={-1} ref={heading}>
        Clore la campagne maintenant ?
      </h2>
      <p>
        Les bilans deviendront définitivement en lecture seule : les référents ne pourront plus envoyer ni modifier leur bilan,
        alors que la campagne devait rester ouverte jusqu'au {closesAt}.
        {pending > 0
          ? ` ${pending === 1 ? "1 référent invité n'a" : `${pending} référents invités n'ont`} pas encore envoyé son bilan.`
          : " Tous les référents invités ont envoyé leur bilan."}
      </p>
      <Form method="post" className="fr-mt-2w">
        <input type="hidden" name="confirm" value="oui" />
        <ul className="fr-btns-group fr-btns-group--inline-md fr-mb-0">
          <li>
            <button className="fr-btn rupn-btn--danger rupn-btn--plain" name="intent" value="close">
              Oui, clore la campagne
            </button>
          </li>
          <li>
            <Link className="fr-btn fr-btn--secondary" to="." replace preventScrollReset>
              Annuler
            </Link>
          </li>
        </ul>
      </Form>
    </div>
  );
}
