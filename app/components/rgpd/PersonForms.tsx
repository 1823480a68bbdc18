// Rectification and erasure forms of a person's file (ADR 020).
import { Form, useNavigation } from "@remix-run/react";
import { Input } from "@codegouvfr/react-dsfr/Input";

type Account = { id: string; firstName: string; lastName: string; email: string; version: number };

export function PersonForms({ account, field }: { account: Account; field?: string }) {
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <h2 className="fr-mt-5w">Corriger l'identité</h2>
      <Form method="post" key={`rectify-${account.version}`} aria-labelledby="rectify-title">
        <p id="rectify-title" className="fr-hint-text">Droit de rectification : la correction vaut aussi pour les lettres de mission où la personne figure.</p>
        <input type="hidden" name="intent" value="rectify" />
        <input type="hidden" name="version" value={account.version} />
        <Input label="Prénom" state={field === "firstName" ? "error" : "default"} nativeInputProps={{ name: "firstName", defaultValue: account.firstName, required: true, maxLength: 100, autoComplete: "off" }} />
        <Input label="Nom" state={field === "lastName" ? "error" : "default"} nativeInputProps={{ name: "lastName", defaultValue: account.lastName, required: true, maxLength: 100, autoComplete: "off" }} />
        <Input label="Adresse électronique" state={field === "email" ? "error" : "default"} nativeInputProps={{ name: "email", type: "email", defaultValue: account.email, required: true, maxLength: 254, autoComplete: "off" }} />
        <button className="fr-btn" type="submit" disabled={busy}>
          Enregistrer la correction
        </button>
      </Form>

      <h2 className="fr-mt-5w">Effacer la personne</h2>
      <div className="fr-callout fr-callout--brown-caramel">
        <p className="fr-callout__text">
          L'effacement est définitif. Le nom, le prénom et l'adresse électronique sont retirés partout (compte, lettres de
          mission, attributions d'IMP, courriels, journaux) ; les réponses en texte libre de ses bilans sont effacées ; ses
          sessions, liens de connexion et identités ProConnect sont supprimés. Les chiffres (heures des bilans, montants des
          lettres validées, présences aux formations) restent, sans son nom.
        </p>
      </div>
      <Form method="post">
        <input type="hidden" name="intent" value="erase" />
        <Input
          label="Motif de l'effacement"
          hintText="Obligatoire, inscrit au journal : par exemple « Demande de l'intéressée du 2 décembre 2026 »."
          textArea
          state={field === "reason" ? "error" : "default"}
          nativeTextAreaProps={{ name: "reason", required: true, minLength: 5, maxLength: 500 }}
        />
        <Input
          label="Confirmation"
          hintText="Saisissez EFFACER en majuscules."
          state={field === "confirm" ? "error" : "default"}
          nativeInputProps={{ name: "confirm", required: true, autoComplete: "off" }}
        />
        <button className="fr-btn fr-btn--tertiary" type="submit" disabled={busy}>
          Effacer définitivement
        </button>
      </Form>
    </>
  );
}
