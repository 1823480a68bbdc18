import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroySession } from "../auth/session.server.ts";
import { proConnectLogout } from "../auth/proconnect.server.ts";

export async function action({ request }: ActionFunctionArgs) {
  // A ProConnect session is also closed at the provider (end_session_endpoint, id_token_hint, state); read before
  // the local session is destroyed.
  const provider = await proConnectLogout(request);
  const headers = new Headers({ "Set-Cookie": await destroySession(request) });
  if (provider) headers.append("Set-Cookie", provider.cookie);
  throw redirect(provider?.url ?? "/", { headers });
}

export async function loader() {
  // Signing out changes state: only by POST (the header button). A GET just goes home.
  throw redirect("/");
}
