// System tests: the built production server started as a process (scripts/server.ts), driven over real HTTP
// (boundary, signals, two instances, kill -9 durability, load). Run after `npm run build` (npm test does).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/system/**/*.test.ts"],
    globalSetup: ["test/setup/global-setup.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    env: { SESSION_SECRET: "test-secret-not-for-production", NODE_ENV: "test" },
  },
});
