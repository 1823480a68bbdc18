// The survey UI chunk (~1.6 MB) only loads on survey pages, in the browser.
import { lazy, Suspense } from "react";
import { ClientOnly } from "../ClientOnly.tsx";
import type { SurveyFormProps } from "./SurveyForm.client.tsx";

const SurveyForm = lazy(() => import("./SurveyForm.client.tsx"));

const loading = <p className="fr-text--sm" role="status">Chargement du questionnaire…</p>;

export function LazySurvey(props: SurveyFormProps) {
  return (
    <ClientOnly fallback={loading}>
      {() => (
        <Suspense fallback={loading}>
          <SurveyForm {...props} />
        </Suspense>
      )}
    </ClientOnly>
  );
}
