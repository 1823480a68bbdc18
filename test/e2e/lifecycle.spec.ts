// npm start's process lifecycle: a crash (SIGKILL) leaves PostgreSQL orphaned and the next start recovers it;
// Ctrl-C (SIGINT) stops the app and PostgreSQL.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import { expect, test } from "./fixtures.ts";

/** A port free right now (no fixed ports: other checkouts run this suite on the same machine). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
const PORT = await freePort();
const PG_PORT = await freePort();
const DATA = path.join(os.tmpdir(), `rupn-e2e-lifecycle-${PORT}`);
const pidFile = path.join(DATA, "postgres", "postmaster.pid");

function start(): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      EMBEDDED_PG_PORT: String(PG_PORT),
      EMBEDDED_PG_DIR: path.join(DATA, "postgres"),
      RUPN_DATA_DIR: DATA,
      NODE_ENV: "production",
      DATABASE_URL: "",
      SMTP_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  return { child, output: () => output };
}

async function waitHealthy(timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://localhost:${PORT}/healthz`);
      if (res.ok) return (await res.json()) as { status: string };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not become healthy");
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test.describe.configure({ timeout: 300_000 });

test("after SIGKILL the next start recovers PostgreSQL; SIGINT stops both", async () => {
  rmSync(DATA, { recursive: true, force: true });
  const first = start();
  expect((await waitHealthy()).status).toBe("ok");
  const postgresPid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  first.child.kill("SIGKILL");
  await new Promise((r) => first.child.once("exit", r));
  expect(alive(postgresPid)).toBe(true); // orphaned by the crash

  const second = start();
  expect((await waitHealthy()).status).toBe("ok");
  expect(second.output()).toContain(`un serveur resté actif après un arrêt brutal (pid ${postgresPid}) a été trouvé`);
  expect(alive(postgresPid)).toBe(false);
  const newPid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);

  second.child.kill("SIGINT");
  const code = await new Promise((r) => second.child.once("exit", (c) => r(c)));
  expect(code).toBe(0);
  expect(second.output()).toContain("PostgreSQL intégré arrêté.");
  expect(alive(newPid)).toBe(false);
  expect(existsSync(pidFile)).toBe(false);
  rmSync(DATA, { recursive: true, force: true });
});
