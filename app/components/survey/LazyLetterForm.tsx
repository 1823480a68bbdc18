// The letter form chunk (SurveyJS) only loads on the letter page, in the browser.
import { lazy, Suspense } from "react";
import { ClientOnly } from "../ClientOnly.tsx";
import type { LetterFormProps } from "./LetterForm.client.tsx";

const LetterForm = lazy(() => import("./LetterForm.client.tsx"));

const loading = <p className="fr-text--sm" role="status">Chargement du formulaire…</p>;

export function LazyLetterForm(props: LetterFormProps) {
  return (
    <ClientOnly fallback={loading}>
      {() => (
        <Suspense fallback={loading}>
          <LetterForm {...props} />
        </Suspense>
      )}
    </ClientOnly>
  );
}
