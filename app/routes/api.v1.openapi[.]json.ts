// GET /api/v1/openapi.json — the OpenAPI 3.1 document of the read API, generated from its zod schemas (ADR 021).
// Public: it describes the API, it holds no data.
import { openApiDocument } from "../domain/api/openapi.ts";

let cached: string | null = null;

export function loader() {
  cached ??= JSON.stringify(openApiDocument("/"), null, 2);
  return new Response(cached, { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
