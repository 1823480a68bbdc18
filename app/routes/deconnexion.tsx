import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroySession } from "../auth/session.server.ts";

export async function action({ request }: ActionFunctionArgs) {
  throw redirect("/", { headers: { "Set-Cookie": await destroySession(request) } });
}

export async function loader() {
  // Signing out changes state: only by POST (the header button). A GET just goes home.
  throw redirect("/");
}
