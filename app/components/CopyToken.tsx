import { useState } from "react";

/** The clear API token, shown once, with a copy button (the field stays selectable when the clipboard is refused). */
export function CopyToken(props: { token: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.token);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  };
  return (
    <>
      <p>
        Copiez ce jeton maintenant et gardez-le dans un coffre à secrets : <strong>il ne sera plus jamais affiché</strong>. La plateforme n'en garde qu'une
        empreinte ; s'il est perdu, révoquez-le et créez-en un autre.
      </p>
      <div className="fr-input-group">
        <label className="fr-label" htmlFor="jeton-clair">
          Jeton d'API
          <span className="fr-hint-text">À envoyer dans l'en-tête « Authorization: Bearer … » de chaque appel.</span>
        </label>
        <input className="fr-input" id="jeton-clair" data-testid="api-token-clear" readOnly value={props.token} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <button type="button" className="fr-btn fr-btn--secondary fr-btn--sm" onClick={copy}>
        Copier le jeton
      </button>
      <p role="status" className="fr-text--sm fr-mt-1w">
        {copied === "yes" ? "Jeton copié dans le presse-papiers." : copied === "no" ? "Copie automatique impossible : sélectionnez le jeton et copiez-le (Ctrl+C)." : ""}
      </p>
    </>
  );
}
