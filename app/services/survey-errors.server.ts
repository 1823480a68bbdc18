import type { AnswerError } from "../surveys/validate.ts";

/** A refusal of a survey or campaign service, with the HTTP status and French message the route returns. */
export class SurveyServiceError extends Error {
  constructor(
    public status: number,
    message: string,
    public errors: AnswerError[] = [],
  ) {
    super(message);
  }
}

export const NOT_FOUND_MESSAGE = "Ce bilan n'existe pas ou vous n'y avez pas accès.";
export const CAMPAIGN_NOT_FOUND_MESSAGE = "Cette campagne n'existe pas ou vous n'y avez pas accès.";

/** For page loaders and actions: turns a service refusal into the thrown French HTTP error the error boundary shows. */
export function rethrowAsHttp(error: unknown): never {
  if (error instanceof SurveyServiceError) {
    throw new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  throw error;
}
