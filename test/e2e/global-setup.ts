// A real SMTP server (smtp-server) for the whole end-to-end run: every message the app delivers is written,
// raw, to SMTP_DIR/<n>.eml, where a test reads and parses it (test/e2e/smtp.ts).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { APP_ORIGIN, OIDC_PORT, PROCONNECT_CLIENT_ID, PROCONNECT_CLIENT_SECRET, SMTP_DIR, SMTP_PORT } from "../../playwright.config.ts";
import { startTestProvider } from "../setup/oidc-provider.ts";

export default async function globalSetup() {
  rmSync(SMTP_DIR, { recursive: true, force: true });
  mkdirSync(SMTP_DIR, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        count++;
        writeFileSync(path.join(SMTP_DIR, `${String(count).padStart(5, "0")}.eml`), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(SMTP_PORT, "127.0.0.1", resolve));
  // The local ProConnect: agents of the demo (test/e2e/proconnect.spec.ts) and one without an account.
  const provider = await startTestProvider({
    port: OIDC_PORT,
    clientId: PROCONNECT_CLIENT_ID,
    clientSecret: PROCONNECT_CLIENT_SECRET,
    redirectUris: [`${APP_ORIGIN}/connexion/proconnect/retour`],
    postLogoutRedirectUris: [`${APP_ORIGIN}/deconnexion/retour`],
    accounts: {
      rectorat: { email: "Rectorat@RUPN.example", given_name: "Régine", usual_name: "Recteur", uid: "rect-0001", siret: "17350001800015", idp_id: "fi-demo-rennes" },
      inconnu: { email: "nouvel.agent@ac-rennes.fr", given_name: "Noé", usual_name: "Nouveau", uid: "nouv-0001", siret: "17350001800015", idp_id: "fi-demo-rennes" },
    },
  });
  return async () => {
    await provider.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
