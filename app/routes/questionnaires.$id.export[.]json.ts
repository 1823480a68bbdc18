// Export of a questionnaire version as a SurveyJS JSON file (issue 14), to share it with another académie: a national
// model or a version of an académie the actor manages (404 otherwise).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "../auth/guards.server.ts";
import { exportQuestionnaire, QuestionnaireError } from "../services/questionnaires.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  try {
    const { filename, definition } = await exportQuestionnaire(actor, params.id ?? "");
    return new Response(JSON.stringify(definition, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename.replace(/[^a-z0-9.-]/g, "_")}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof QuestionnaireError) throw new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
}
