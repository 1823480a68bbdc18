// HTTP helpers of the RGPD routes: file downloads, and service errors as French answers.
import { data } from "@remix-run/node";
import { RgpdError } from "./erasure.server.ts";

export function attachment(file: { fileName: string; contentType: string; body: Buffer | string }) {
  return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** A service refusal becomes the action's French error; anything else goes on. */
export function rgpdActionError(error: unknown) {
  if (error instanceof RgpdError) return data({ error: error.message, ok: null }, { status: error.status });
  throw error;
}
