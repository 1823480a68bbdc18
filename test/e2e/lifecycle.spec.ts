// npm start's process lifecycle: a crash (SIGKILL) leaves PostgreSQL orphaned and the next start recovers it;
// SIGINT or SIGTERM sent to the `npm start` process itself (as a service manager does) stops the app and PostgreSQL.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures.ts";
import { freePort } from "../setup/free-port.ts";


let PORT = 0;
let PG_PORT = 0;
const DATA = path.join(os.tmpdir(), `rupn-e2e-lifecycle-${process.pid}`);
const pidFile = path.join(DATA, "postgres", "postmaster.pid");

function start(viaNpm = false): { child: ChildProcess; output: () => string } {
  let output = "";
  const [command, ...args] = viaNpm ? ["npm", "start"] : [process.execPath, "--import", "tsx", "scripts/server.ts"];
  const child = spawn(command, args, {
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

test("after SIGKILL the next start recovers PostgreSQL; SIGINT or SIGTERM to npm start stops both", async () => {
  PORT = await freePort();
  PG_PORT = await freePort();
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

  // `npm start` as a service manager runs it: the signal goes to npm's own PID, not to the node process.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const viaNpm = start(true);
    expect((await waitHealthy()).status).toBe("ok");
    const pgPid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    viaNpm.child.kill(signal);
    await new Promise((r) => viaNpm.child.once("exit", r));
    // Everything stops by itself, without a second signal: the app, its PostgreSQL and the port.
    await expect.poll(() => alive(pgPid), { timeout: 30_000 }).toBe(false);
    expect(viaNpm.output()).toContain("PostgreSQL intégré arrêté.");
    await expect.poll(async () => fetch(`http://localhost:${PORT}/healthz`).then(() => "up", () => "down"), { timeout: 30_000 }).toBe("down");
  }
  rmSync(DATA, { recursive: true, force: true });
});
