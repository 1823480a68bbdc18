import { expect, test } from "./fixtures.ts";

test("security headers: enforced CSP with a nonce, no framing, no sniffing", async ({ request }) => {
  const first = await request.get("/");
  const second = await request.get("/");
  const csp = first.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(first.headers()["content-security-policy-report-only"]).toBeUndefined();
  expect(second.headers()["content-security-policy"]).not.toBe(csp);
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
});

test("a POST without a matching Origin is refused in French and writes nothing", async ({ request, page }) => {
  const target = "rupn@rupn.example";
  await page.goto("/boite-mail");
  const before = await page.getByTestId("mail").filter({ hasText: target }).count();

  for (const headers of [{} as Record<string, string>, { Origin: "https://attaquant.example" }]) {
    const response = await request.post("/connexion", { form: { email: target }, headers, maxRedirects: 0 });
    expect(response.status()).toBe(403);
    expect(await response.text()).toMatch(/^Requête refusée : /);
  }
  await page.reload();
  expect(await page.getByTestId("mail").filter({ hasText: target }).count()).toBe(before);
});

test("/healthz pings the database", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
});
