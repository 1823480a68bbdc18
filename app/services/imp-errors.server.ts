// A refusal of an IMP service (rule sets, letters overview, payroll export): the HTTP status and the French
// message the route shows, with per-field messages for a form.
export class ImpServiceError extends Error {
  constructor(
    public status: number,
    message: string,
    public fieldErrors: Record<string, string> = {},
    public generalErrors: string[] = [],
  ) {
    super(message);
  }
}

export const RULE_SET_NOT_FOUND = "Ces règles d'enveloppe IMP n'existent pas ou vous n'y avez pas accès.";
export const ACADEMY_NOT_FOUND = "Cette académie n'existe pas ou vous ne la gérez pas.";

/** For loaders: a service refusal becomes the thrown French HTTP response the error boundary shows. */
export function rethrowImpAsHttp(error: unknown): never {
  if (error instanceof ImpServiceError) {
    throw new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  throw error;
}
