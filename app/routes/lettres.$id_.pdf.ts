// Download of a validated letter's PDF, for the people who may see the letter (404 otherwise).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/guards.server.ts";
import { LETTER_NOT_FOUND, findLetter } from "../services/mission-letters.server.ts";
import { missionLetterPdf } from "../pdf/mission-letter.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const letter = await findLetter(actor, params.id ?? "");
  if (!letter) throw new Response(LETTER_NOT_FOUND, { status: 404 });
  if (letter.status !== "VALIDATED") {
    throw new Response("Le PDF de la lettre de mission est disponible une fois la lettre validée par la DANE.", { status: 409 });
  }
  const { pdf, fileName } = await missionLetterPdf(letter.id);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
