// After `npm install`: generate the Prisma client (gitignored) and build the app, so that
// `npm start` serves within seconds. CI skips the build here: `npm test` builds anyway.
import { spawnSync } from "node:child_process";

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("npx", ["prisma", "generate"]);
if (!process.env.CI && process.env.RUPN_SKIP_BUILD !== "1") run("npm", ["run", "build"]);
