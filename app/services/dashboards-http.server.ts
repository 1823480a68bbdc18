import { DashboardError } from "./dashboards-scope.server.ts";
import { SurveyServiceError } from "./survey-errors.server.ts";

/** For dashboard loaders: a service refusal becomes the French HTTP error the error boundary shows. */
export function rethrowDashboardError(error: unknown): never {
  if (error instanceof DashboardError || error instanceof SurveyServiceError) {
    throw new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  throw error;
}
