// Starts the real production server (scripts/server.ts on the built app) as a child process for system tests:
// a free port, the test's own database, and helpers to call it over real HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { freePort } from "../setup/free-port.ts";
export { freePort };


export type AppServer = {
  port: number;
  origin: string;
  child: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

export const TEST_SESSION_SECRET = "test-secret-not-for-production";

export async function waitHealthy(origin: string, child: ChildProcess, output: () => string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not become healthy:\n${output()}`);
}

/** The production server against `databaseUrl` (NODE_ENV=production, APP_URL on localhost). */
export async function startApp(databaseUrl: string, env: Record<string, string> = {}, command: string[] = []): Promise<AppServer> {
  const port = Number(env.PORT ?? (await freePort()));
  const origin = `http://127.0.0.1:${port}`;
  let out = "";
  const args = command.length ? command : [process.execPath, "--import", "tsx", "scripts/server.ts"];
  const child = spawn(args[0], args.slice(1), {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      APP_URL: `http://localhost:${port}`,
      SESSION_SECRET: TEST_SESSION_SECRET,
      SMTP_URL: "",
      HOST: "127.0.0.1",
      ...env,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const output = () => out;
  await waitHealthy(origin, child, output);
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill(signal);
    return exited;
  };
  return { port, origin, child, output, stop };
}

/** A raw HTTP/1.1 exchange over one socket (for bodies that fetch refuses to send: lying lengths, huge chunks). */
export function rawExchange(port: number, head: string, body: Buffer | string = "", options: { chunked?: Buffer[] } = {}) {
  return new Promise<{ status: number; text: string; reset: boolean }>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = "";
    let reset = false;
    socket.on("data", (d) => (data += d.toString("utf8")));
    socket.on("error", () => (reset = true));
    socket.on("close", () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, text: data, reset });
    });
    socket.on("connect", async () => {
      socket.write(head);
      if (options.chunked) {
        for (const chunk of options.chunked) {
          if (!socket.write(`${chunk.length.toString(16)}\r\n`)) await new Promise((r) => socket.once("drain", r));
          if (!socket.write(chunk)) await new Promise((r) => socket.once("drain", r));
          socket.write("\r\n");
        }
        socket.write("0\r\n\r\n");
      } else if (body.length) {
        const buffer = typeof body === "string" ? Buffer.from(body) : body;
        for (let i = 0; i < buffer.length; i += 64 * 1024) {
          if (!socket.write(buffer.subarray(i, i + 64 * 1024))) await new Promise((r) => socket.once("drain", r));
        }
      }
      // The server closes the connection after its answer (Connection: close); a reset would surface as an error.
      // A bound, in case it never does: the test then fails on the missing answer.
      setTimeout(() => socket.destroy(), 60_000).unref();
    });
  });
}
