import { pingDatabase } from "../services/health.server.ts";

export async function loader() {
  const started = performance.now();
  try {
    await pingDatabase();
    return Response.json({ status: "ok", database: "ok", ms: Math.round(performance.now() - started) });
  } catch {
    return Response.json({ status: "error", database: "injoignable" }, { status: 503 });
  }
}
