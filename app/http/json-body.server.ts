// Reading a JSON request body with a hard size limit (counted while streaming, not trusted from headers).
export const MAX_JSON_BYTES = 1024 * 1024;
/** Deeper than this, a body is refused before parsing (a 5 000-level nesting once overflowed the stack). */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of a JSON text, counted without parsing it (brackets inside strings do not count). */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

export class BodyError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

export async function readJsonBody(request: Request, limit = MAX_JSON_BYTES): Promise<unknown> {
  const tooLarge = () => new BodyError(413, "Le contenu envoyé dépasse la taille maximale autorisée (1 Mo).");
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new BodyError(415, "Le contenu doit être envoyé au format JSON (Content-Type: application/json).");
  if (Number(request.headers.get("Content-Length") ?? 0) > limit) throw tooLarge();
  if (!request.body) throw new BodyError(400, "Le contenu envoyé est vide.");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  if (!text.trim()) throw new BodyError(400, "Le contenu envoyé est vide.");
  if (text.includes("\u0000") || /\\u0000/.test(text)) throw new BodyError(400, "Le contenu envoyé contient un caractère nul, non autorisé.");
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new BodyError(400, `Le contenu envoyé est trop imbriqué (${MAX_JSON_DEPTH} niveaux au plus).`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, "Le contenu envoyé n'est pas du JSON valide.");
  }
}
