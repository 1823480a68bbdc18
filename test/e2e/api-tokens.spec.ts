// Read API (issue 17 part 2, ADR 021): the DANE of Rennes creates a token in the browser, then HTTP calls made with
// it (as curl would) read the académie's bilans and are refused another académie's; the session cookie alone
// opens nothing; revoking the token shuts it out. The documentation page reads well.
import { test, expect } from "./fixtures.ts";
import { demo, expectAccessible, signIn } from "./helpers.ts";

test("a DANE creates an API token; it reads the académie's responses and nothing of another académie", async ({ page, request }) => {
  await signIn(page, "dane@rupn.example");
  await page.getByRole("link", { name: "Jetons d'API" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Jetons d'API" })).toBeVisible();

  const name = `Entrepôt e2e ${Date.now()}`;
  await page.getByLabel("Nom du jeton").fill(name);
  // DSFR draws the checkbox on its label.
  for (const label of ["Réponses aux bilans (réponses et indicateurs)", "Établissements et effectifs"]) {
    await page.getByText(label, { exact: true }).click();
    await expect(page.getByLabel(label)).toBeChecked();
  }
  await page.getByRole("button", { name: "Créer le jeton" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`Jeton « ${name} » créé`) })).toBeVisible();
  await expect(page.getByText("il ne sera plus jamais affiché")).toBeVisible();
  const token = await page.getByTestId("api-token-clear").inputValue();
  expect(token).toMatch(/^rupn_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("api-tokens").getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Actif");
  await expect(row).toContainText(token.slice(0, 9));
  await expectAccessible(page);

  // The token, as a client program would send it.
  const auth = { Authorization: `Bearer ${token}` };
  const own = await request.get("/api/v1/reponses?limite=5", { headers: auth });
  expect(own.status()).toBe(200);
  const body = await own.json();
  expect(body.ok).toBe(true);
  expect(body.data.length).toBeGreaterThan(0);
  const demoUais = new Set(demo.establishments.map((e) => e.uai));
  for (const r of body.data) expect(demoUais.has(r.establishment.uai)).toBe(true);
  expect(body.data[0]).not.toHaveProperty("respondent");
  const next = await request.get(`/api/v1/reponses?limite=5&curseur=${body.nextCursor}`, { headers: auth });
  expect(next.status()).toBe(200);

  const foreign = await request.get("/api/v1/reponses?academie=13", { headers: auth });
  expect(foreign.status()).toBe(403);
  expect(await foreign.json()).toEqual({ ok: false, error: "Ce jeton ne donne accès qu'aux données de son académie.", message: expect.any(String) });
  expect((await request.get("/api/v1/lettres", { headers: auth })).status()).toBe(403);
  const csv = await request.get("/api/v1/etablissements", { headers: { ...auth, Accept: "text/csv" } });
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(await csv.text()).toContain(demo.establishments[0].uai);

  // The signed-in browser's cookie is no API credential.
  const withCookie = await page.request.get("/api/v1/reponses");
  expect(withCookie.status()).toBe(401);
  expect((await withCookie.json()).error).toContain("Authentification requise");

  // Revoked: the same call is now a 401.
  await page.goto("/api-jetons");
  await page.getByTestId("api-tokens").getByRole("row").filter({ hasText: name }).getByRole("button", { name: "Révoquer" }).click();
  await expect(page.getByText(`Le jeton « ${name} » est révoqué`)).toBeVisible();
  const revoked = await request.get("/api/v1/reponses", { headers: auth });
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).error).toContain("révoqué");
});

test("the API documentation reads well and matches the OpenAPI document", async ({ page, request }) => {
  await page.goto("/api/v1/documentation");
  await expect(page.getByRole("heading", { level: 1, name: "API de lecture de la Plateforme RUPN" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /Réponses aux bilans : GET \/api\/v1\/reponses/ })).toBeVisible();
  const openapi = await (await request.get("/api/v1/openapi.json")).json();
  expect(openapi.openapi).toBe("3.1.0");
  await expect(page.getByTestId("api-endpoint")).toHaveCount(Object.keys(openapi.paths).length);
  await expectAccessible(page);
});
