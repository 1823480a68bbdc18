// Remix behind our boundary (ADR 013). Unlike @remix-run/express's handler, the request URL is built from the
// configured public origin (APP_URL, or http://localhost:PORT in demo mode), never from the Host or
// X-Forwarded-Host headers, and the body is the one already read and bounded by `boundedBody`.
// A raw "Unexpected Server Error" from Remix (an error thrown by a resource route) becomes a French answer.
import type { NextFunction, Request, Response } from "express";
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import { appOrigin } from "../auth/origin.server.ts";
import { errorPage, wantsJson } from "./boundary.server.ts";

const FRENCH_500 =
  "Le service a rencontré un problème inattendu. Réessayez dans quelques instants ; si le problème persiste, contactez la DANE de votre académie.";

function remixRequest(req: Request, res: Response): Request & globalThis.Request {
  const url = new URL(req.originalUrl, appOrigin());
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.set(key, value);
  }
  // The request is for the public origin whatever Host said: Remix's own CSRF check compares Host with Origin.
  headers.set("host", url.host);
  headers.delete("x-forwarded-host");
  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = req.rawBody ? new Uint8Array(req.rawBody) : (createReadableStreamFromReadable(req) as unknown as ReadableStream);
    if (!req.rawBody) init.duplex = "half";
  }
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new globalThis.Request(url.href, init) as never;
}

/** Replaces Remix's English plain-text 500 by a French one, in JSON or HTML as the route serves. */
async function frenchUnexpected(response: globalThis.Response, json: boolean): Promise<globalThis.Response> {
  if (response.status !== 500) return response;
  const type = response.headers.get("content-type") ?? "";
  if (/text\/html|application\/json|text\/x-script/i.test(type)) return response;
  const text = type ? await response.clone().text() : "";
  if (type && text.trim() !== "Unexpected Server Error") return response;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  if (json) {
    headers.set("content-type", "application/json; charset=utf-8");
    return new globalThis.Response(JSON.stringify({ ok: false, error: FRENCH_500, message: FRENCH_500 }), { status: 500, headers });
  }
  headers.set("content-type", "text/html; charset=utf-8");
  return new globalThis.Response(errorPage(500, "Une erreur est survenue", FRENCH_500), { status: 500, headers });
}

async function sendResponse(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get("content-type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body as never, res);
  else res.end();
}

export function remixHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode?: string;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}) {
  const handle = createRequestHandler(options.build, options.mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const request = remixRequest(req, res);
      const response = await handle(request, options.getLoadContext(req, res));
      await sendResponse(res, await frenchUnexpected(response, wantsJson(req)));
    } catch (error) {
      next(error);
    }
  };
}
