// The HTTP side of the read API (ADR 021), shared by every /api/v1 route: bearer token (never a cookie), rate limit,
// resource scope, zod-validated parameters, then a streamed JSON page or CSV export, and the call's audit record.
// Every refusal is `{ ok: false, error, message }` in French, like the boundary's (app/http/boundary.server.ts).
import type { z } from "zod";
import { db } from "../../db/db.server.ts";
import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor, queryInput, queryProblem, type Endpoint } from "../../domain/api/endpoints.ts";
import { API_RESOURCE_LABELS } from "../../domain/api/tokens.ts";
import { csvField } from "../campaign-responses.server.ts";
import { ApiAuthError, authenticateApiToken, bearerToken, hashToken, type ApiPrincipal } from "./tokens.server.ts";
import { apiBuckets } from "./rate-limit.server.ts";
import { logApiCall, logThrottled, throttleLogDue } from "./call-log.server.ts";
import { ApiError, type ApiScope, type BatchReader } from "./resources.server.ts";

const JSON_TYPE = "application/json; charset=utf-8";
const BATCH = 500;
const CSV_BATCH = 1000;

export function apiError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ ok: false, error: message, message }), {
    status,
    headers: { "Content-Type": JSON_TYPE, "Cache-Control": "no-store", ...headers },
  });
}

export type ApiCall<Q> = { principal: ApiPrincipal; scope: ApiScope; query: Q };
/** What a route answers: rows read batch by batch (a page, or the whole CSV), or one JSON body (aggregates). */
export type ApiResult = { rows: BatchReader } | { body: Record<string, unknown> };

type Context = { clientIp?: string | null };

/**
 * Runs one API call. `run` gets the validated query and the scope, and must itself check any id it is given
 * (a foreign id is a 404, thrown as ApiError).
 */
export async function handleApiCall<S extends z.ZodObject>(
  request: Request,
  context: Context,
  endpoint: Endpoint & { query: S },
  run: (call: ApiCall<z.output<S>>) => Promise<ApiResult>,
): Promise<Response> {
  const ip = context.clientIp ?? null;
  const url = new URL(request.url);
  const token = bearerToken(request);

  // The bucket is taken before any database work, keyed by the token's hash: unknown tokens are limited too.
  const key = token ? hashToken(token) : null;
  const wait = key ? apiBuckets.take(key) : 0;
  let principal: ApiPrincipal;
  try {
    if (wait > 0) {
      // Refused without reading the database, except once a minute to put the throttling in the token's log.
      if (throttleLogDue(key!)) logThrottled((await authenticateApiToken(token)).tokenId, ip, url.pathname);
      return apiError(429, `Trop d'appels avec ce jeton : réessayez dans ${wait} seconde${wait > 1 ? "s" : ""}.`, { "Retry-After": String(wait) });
    }
    principal = await authenticateApiToken(token);
  } catch (error) {
    if (error instanceof ApiAuthError) return apiError(error.status, error.message, { "WWW-Authenticate": 'Bearer realm="api-rupn"' });
    throw error;
  }

  const record = (status: number, extra: Record<string, unknown> = {}) =>
    logApiCall({ tokenId: principal.tokenId, ip, summary: { path: url.pathname, query: url.search.slice(0, 500), status, ...extra } });

  if (!principal.resources.includes(endpoint.resource)) {
    record(403);
    return apiError(403, `Ce jeton ne donne pas accès à la ressource « ${API_RESOURCE_LABELS[endpoint.resource]} ». Demandez à la DANE un jeton qui l'inclut.`);
  }
  const csv = /\btext\/csv\b/i.test(request.headers.get("accept") ?? "");
  if (csv && !endpoint.csv) {
    record(406);
    return apiError(406, "Ce point d'accès ne propose pas de CSV : demandez du JSON (Accept: application/json).");
  }
  const input = queryInput(url.searchParams);
  const parsed = "error" in input ? null : endpoint.query.safeParse(input.input);
  if (!parsed?.success) {
    record(400);
    return apiError(400, "error" in input ? input.error : queryProblem(parsed!.error.issues as never));
  }
  const query = parsed.data as z.output<S> & { academie?: string; limite?: number; curseur?: string };
  let afterId: string | null = null;
  if (query.curseur) {
    afterId = decodeCursor(query.curseur);
    if (!afterId) {
      record(400);
      return apiError(400, "curseur : valeur invalide ; reprenez celle de « nextCursor » de la page précédente.");
    }
  }

  try {
    const scope = await scopeOf(principal, query.academie);
    const result = await run({ principal, scope, query });
    record(200, csv ? { format: "csv" } : {});
    if ("body" in result) return new Response(JSON.stringify({ ok: true, ...result.body }), { headers: { "Content-Type": JSON_TYPE, "Cache-Control": "no-store", Vary: "Authorization, Accept" } });
    if (csv) return csvResponse(result.rows, afterId, endpoint);
    return pageResponse(result.rows, afterId, query.limite ?? DEFAULT_PAGE_SIZE);
  } catch (error) {
    if (error instanceof ApiError) {
      record(error.status);
      return apiError(error.status, error.message);
    }
    throw error;
  }
}

/** The académies of the call: the token's own (asking for another is a 403), or, for a national token, one or all. */
async function scopeOf(principal: ApiPrincipal, academyCode: string | undefined): Promise<ApiScope> {
  const personalData = principal.personalData;
  if (!academyCode) return { academyIds: principal.academyId ? [principal.academyId] : "all", personalData };
  const academy = await db.academy.findUnique({ where: { code: academyCode }, select: { id: true } });
  if (principal.academyId) {
    if (academy?.id !== principal.academyId) throw new ApiError(403, "Ce jeton ne donne accès qu'aux données de son académie.");
    return { academyIds: [principal.academyId], personalData };
  }
  if (!academy) throw new ApiError(404, `Académie inconnue : « ${academyCode} ».`);
  return { academyIds: [academy.id], personalData };
}

const encoder = new TextEncoder();

/**
 * One page as JSON, streamed: `{"ok":true,"data":[…],"nextCursor":…}`. The first batch is read before answering
 * (a database error is then a clean 500), the next ones as the client reads.
 */
async function pageResponse(read: BatchReader, afterId: string | null, limit: number): Promise<Response> {
  let last = afterId;
  let emitted = 0;
  let more = false;
  // One row past the page tells whether there is a next one.
  const nextBatch = async () => {
    const remaining = limit - emitted;
    const rows = await read(last, Math.min(BATCH, remaining) + (remaining <= BATCH ? 1 : 0));
    if (rows.length > remaining) {
      more = true;
      rows.length = remaining;
    }
    return rows;
  };
  let pending = await nextBatch();
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode('{"ok":true,"data":['));
      }
      if (pending.length) {
        const text = pending.map((r) => JSON.stringify(r)).join(",");
        controller.enqueue(encoder.encode((emitted ? "," : "") + text));
        emitted += pending.length;
        last = pending[pending.length - 1].id;
        const full = pending.length === BATCH && emitted < limit;
        pending = full ? await nextBatch() : [];
        if (pending.length) return;
      }
      controller.enqueue(encoder.encode(`],"nextCursor":${more && last ? JSON.stringify(encodeCursor(last)) : "null"}}`));
      controller.close();
    },
  });
  return new Response(stream, { headers: { "Content-Type": JSON_TYPE, "Cache-Control": "no-store", Vary: "Authorization, Accept" } });
}

/** Columns of a row: nested objects flattened ("establishment.uai"), lists and free-form answers as JSON text. */
function flatten(row: Record<string, unknown>, prefix = "", out: Record<string, unknown> = {}) {
  for (const [k, v] of Object.entries(row)) {
    const name = prefix + k;
    if (v && typeof v === "object" && !Array.isArray(v) && k !== "answers") flatten(v as Record<string, unknown>, `${name}.`, out);
    else out[name] = Array.isArray(v) || (v && typeof v === "object") ? JSON.stringify(v) : v;
  }
  return out;
}

/** Every row of the query (after the cursor, if any) as CSV (`;`, UTF-8 with BOM, like the other exports), streamed. */
async function csvResponse(read: BatchReader, afterId: string | null, endpoint: Endpoint): Promise<Response> {
  let last = afterId;
  let batch = await read(last, CSV_BATCH);
  const columns = batch.length ? Object.keys(flatten(batch[0])) : Object.keys((endpoint.row as z.ZodObject | undefined)?.shape ?? { id: 1 });
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`\uFEFF${columns.map(csvField).join(";")}\r\n`));
      }
      if (!batch.length) return controller.close();
      const lines = batch.map((r) => {
        const flat = flatten(r);
        return `${columns.map((c) => csvField(flat[c])).join(";")}\r\n`;
      });
      controller.enqueue(encoder.encode(lines.join("")));
      last = batch[batch.length - 1].id;
      batch = batch.length === CSV_BATCH ? await read(last, CSV_BATCH) : [];
    },
  });
  const name = endpoint.path.replace("/api/v1/", "").replace(/\//g, "-");
  return new Response(stream, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}.csv"`, "Cache-Control": "no-store", Vary: "Authorization, Accept" },
  });
}
