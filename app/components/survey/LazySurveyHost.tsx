// The SurveyJS chunk (~1.6 MB) only loads on the pages that show a survey, in the browser.
import { lazy, Suspense } from "react";
import { ClientOnly } from "../ClientOnly.tsx";
import type { SurveyHostProps } from "./SurveyHost.client.tsx";

const SurveyHost = lazy(() => import("./SurveyHost.client.tsx"));

export function LazySurveyHost({ loadingLabel, ...props }: SurveyHostProps & { loadingLabel: string }) {
  const loading = <p className="fr-text--sm" role="status">{loadingLabel}</p>;
  return (
    <ClientOnly fallback={loading}>
      {() => (
        <Suspense fallback={loading}>
          <SurveyHost {...props} />
        </Suspense>
      )}
    </ClientOnly>
  );
}
