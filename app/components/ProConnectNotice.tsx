import { Link } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";

export type ProConnectNoticeData =
  | { kind: "error"; message: string; emailLink: boolean }
  | { kind: "no-account"; email: string; emailLink: boolean }
  | { kind: "other-identity"; email: string; emailLink: boolean };

/** What a person sees when a ProConnect sign-in does not open a session. */
export function ProConnectNotice({ notice }: { notice: ProConnectNoticeData }) {
  const retry = (
    <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
      <li>
        <Link className="fr-btn" to="/connexion">
          Revenir à la page de connexion
        </Link>
      </li>
    </ul>
  );
  if (notice.kind === "error") {
    return (
      <>
        <h1>Connexion avec ProConnect</h1>
        <Alert severity="error" as="h2" title="Connexion impossible" description={notice.message} />
        {notice.emailLink ? (
          <p className="fr-mt-3w">Vous pouvez aussi vous connecter avec un lien reçu par courriel, depuis la page de connexion.</p>
        ) : null}
        {retry}
      </>
    );
  }
  if (notice.kind === "other-identity") {
    return (
      <>
        <h1>Compte déjà relié à une autre identité ProConnect</h1>
        <p className="fr-text--lead">
          Le compte de la Plateforme RUPN correspondant à {notice.email} est déjà relié à une autre identité ProConnect
          (par exemple celle d'une autre académie ou d'un autre fournisseur d'identité).
        </p>
        <p>
          Par sécurité, une seconde identité n'est pas reliée automatiquement. Demandez à l'administrateur de la plateforme
          de retirer l'ancienne liaison depuis la page des comptes, puis reconnectez-vous avec ProConnect.
          {notice.emailLink ? " En attendant, vous pouvez vous connecter avec un lien reçu par courriel." : null}
        </p>
        {retry}
      </>
    );
  }
  return (
    <>
      <h1>Vous n'avez pas encore de compte sur la Plateforme RUPN</h1>
      <p className="fr-text--lead">
        ProConnect vous a bien identifié·e ({notice.email}), mais aucun compte de la Plateforme RUPN ne correspond à cette
        adresse. Les comptes ne sont pas ouverts à la première connexion : ils suivent les désignations.
      </p>
      <ul>
        <li>
          <strong>Référent·e RUPN</strong> : c'est votre chef d'établissement qui vous désigne, dans la lettre de mission de
          l'année ; votre compte est ouvert quand la DANE valide cette lettre. Adressez-vous à votre chef d'établissement.
        </li>
        <li>
          <strong>Chef d'établissement, DANE, rectorat</strong> : votre accès est ouvert par l'administrateur de la
          plateforme de votre académie. Adressez-vous à la DANE de votre académie.
        </li>
      </ul>
      <p>
        Si votre compte utilise une autre adresse électronique, vérifiez celle que votre fournisseur d'identité transmet à
        ProConnect, ou demandez à la DANE de la corriger.
      </p>
      {retry}
    </>
  );
}

/** The notice as a whole page: the start and the return of the ProConnect flow show it the same way. */
export function ProConnectNoticePage({ notice }: { notice: ProConnectNoticeData }) {
  return (
    <div className="fr-grid-row fr-grid-row--center fr-my-7w">
      <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
        <ProConnectNotice notice={notice} />
      </div>
    </div>
  );
}
