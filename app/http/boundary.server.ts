// The HTTP boundary in front of Remix (ADR 013): URLs are checked (length, encoding, NUL and control
// characters) and request bodies are bounded before any route runs. An over-size body is read to its end
// (up to a cap) and answered 413, so the client gets the answer instead of a connection reset, and the
// connection stays usable. Every refusal is French, in JSON for API calls and HTML for pages.
import type { NextFunction, Request, Response } from "express";

/** Form posts and JSON bodies (autosave, letters, sign-in). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** File uploads (Annuaire, effectifs, LimeSurvey archives) are streamed to their importer, not buffered. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** Beyond this an over-size body is not even read: the connection is closed. */
const DRAIN_CAP_BYTES = 256 * 1024 * 1024;
export const MAX_URL_LENGTH = 4096;

const UPLOAD_PATHS = [/^\/imports(\/|$)/];
// C0 control characters and DEL; a URL carries none of them once decoded (tab, CR and LF included).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

declare module "express-serve-static-core" {
  interface Request {
    /** The whole body, read and bounded by `boundedBody` (absent for streamed uploads and GET). */
    rawBody?: Buffer;
  }
}

export function wantsJson(req: Request) {
  return req.path.startsWith("/api/") || /application\/json/i.test(req.get("accept") ?? "") || /application\/json/i.test(req.get("content-type") ?? "");
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small self-contained French error page (no script, no external resource). */
export function errorPage(status: number, title: string, message: string) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} — Plateforme RUPN</title>
<style>body{font-family:Marianne,arial,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#161616}a{color:#000091}</style></head>
<body><main><p>Erreur ${status}</p><h1>${escapeHtml(title)}</h1><p data-testid="error-message">${escapeHtml(message)}</p><p><a href="/">Retour à l'accueil</a></p></main></body></html>`;
}

export function sendError(req: Request, res: Response, status: number, title: string, message: string, close = false) {
  if (res.headersSent) return;
  if (close) res.setHeader("Connection", "close");
  if (wantsJson(req)) res.status(status).json({ ok: false, error: message, message });
  else res.status(status).type("text/html; charset=utf-8").send(errorPage(status, title, message));
}

/** Returns a French reason when the URL must be refused before any route (and any query) runs. */
export function urlProblem(originalUrl: string): string | null {
  if (originalUrl.length > MAX_URL_LENGTH) return `L'adresse demandée est trop longue (${MAX_URL_LENGTH} caractères au plus).`;
  const [pathPart, ...rest] = originalUrl.split("?");
  const query = rest.join("?");
  const pieces = [...pathPart.split("/"), ...query.split(/[&=]/).map((p) => p.replace(/\+/g, " "))];
  for (const piece of pieces) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(piece);
    } catch {
      return "L'adresse demandée contient un encodage invalide.";
    }
    if (CONTROL.test(decoded)) return "L'adresse demandée contient un caractère non autorisé.";
  }
  return null;
}

export function checkUrl() {
  return (req: Request, res: Response, next: NextFunction) => {
    const problem = urlProblem(req.originalUrl);
    if (!problem) return next();
    const status = req.originalUrl.length > MAX_URL_LENGTH ? 414 : 400;
    sendError(req, res, status, "Adresse invalide", problem);
  };
}

function limitFor(req: Request) {
  return UPLOAD_PATHS.some((re) => re.test(req.path)) ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES;
}

function megabytes(bytes: number) {
  return `${Math.round(bytes / (1024 * 1024))} Mo`;
}

/** Reads the rest of the body without keeping it, then answers 413 (or closes past the drain cap). */
function refuseTooLarge(req: Request, res: Response, limit: number, alreadyRead: number) {
  const answer = () =>
    sendError(req, res, 413, "Contenu trop volumineux", `Le contenu envoyé dépasse la taille maximale autorisée (${megabytes(limit)}).`, true);
  if (req.complete) return answer();
  let read = alreadyRead;
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    read += chunk.length;
    if (read > DRAIN_CAP_BYTES) {
      answer();
      req.socket.destroySoon();
    }
  });
  req.once("end", answer);
  req.resume();
}

/**
 * Bounds request bodies: uploads are streamed (their declared size is checked), every other body is read here,
 * counted as it arrives (Content-Length is not trusted, chunked bodies too), and handed to Remix whole.
 */
export function boundedBody() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const limit = limitFor(req);
    const declared = Number(req.get("content-length") ?? "0");
    if (Number.isFinite(declared) && declared > limit) return refuseTooLarge(req, res, limit, 0);
    if (limit === MAX_UPLOAD_BYTES) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.off("end", onEnd);
        req.off("error", onError);
        chunks.length = 0;
        refuseTooLarge(req, res, limit, size);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      req.off("error", onError);
      req.rawBody = Buffer.concat(chunks, size);
      next();
    };
    const onError = () => {
      // The client went away mid-body: nothing to answer.
      req.off("data", onData);
      req.off("end", onEnd);
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onError);
  };
}

/** Last-resort Express error handler: a French answer, never Express's English HTML. */
export function frenchErrors() {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    console.error(error);
    sendError(
      req,
      res,
      500,
      "Une erreur est survenue",
      "Le service a rencontré un problème inattendu. Réessayez dans quelques instants ; si le problème persiste, contactez la DANE de votre académie.",
    );
  };
}

/** Whether the TCP peer is this machine (the demo mailbox answers only such requests). */
export function isLoopbackPeer(req: Request) {
  const address = req.socket.remoteAddress ?? "";
  const loopback = address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
  // A request relayed by a local reverse proxy comes from loopback too: it is not local.
  const relayed = Boolean(req.get("x-forwarded-for") || req.get("forwarded") || req.get("x-real-ip"));
  return loopback && !relayed;
}
