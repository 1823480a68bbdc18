// Reading a JSON request body with a hard size limit (counted while streaming, not trusted from headers).
export const MAX_JSON_BYTES = 1024 * 1024;

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
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, "Le contenu envoyé n'est pas du JSON valide.");
  }
}
