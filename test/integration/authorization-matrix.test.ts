// Authorization matrix (issue 12), generated from the route manifest: every file of app/routes is imported, and
// its loader and action are called directly, as each role of one académie, with the ids of another académie's
// establishment, person, letter, bilan, campaign, training, rule set, import… The answer must be a 403/404
// (thrown or returned), or the sign-in page when anonymous, and the database must not change.
// A route file without an entry in MATRIX fails the test: add one when you add a route.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { changedTables, tableChecksums as databaseChecksum } from "../setup/checksum.ts";
import { getDb } from "../../app/db/db.server.ts";
import { createSession as createUserSession } from "../../app/auth/session.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { definitionChecksum } from "../../app/surveys/checksum.server.ts";
import { createPoitiersRuleSet } from "../../app/services/imp-rule-sets.server.ts";
import { openLetter } from "../../app/services/mission-letters.server.ts";
import { startResponse } from "../../app/services/responses.server.ts";
import { createCourse, createSession } from "../../app/services/trainings.server.ts";
import { registerVolunteer } from "../../app/services/training-registrations.server.ts";

useTestDatabase();

const ROUTES_DIR = path.resolve("app/routes");
const day = 24 * 3600 * 1000;

/** Names and values that only the other académie's data contains: none may appear in an answer. */
const FOREIGN = {
  academy: "Académie Étrangère Zx",
  establishment: "Collège Lointain Zx",
  chefEmail: "chef.lointain.zx@ac-ailleurs.fr",
  rupnEmail: "rupn.lointain.zx@ac-ailleurs.fr",
  daneEmail: "dane.ailleurs.zx@ac-ailleurs.fr",
  course: "Formation étrangère Zx",
  campaign: "Bilan étranger Zx",
  questionnaire: "Questionnaire étranger Zx", // h7
  apiToken: "Jeton étranger Zx",
};

async function world() {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  const home = await makeAcademy("Académie Domicile");
  const foreign = await makeAcademy(FOREIGN.academy);
  await db.academy.update({ where: { id: home.id }, data: { zone: "B" } });
  await db.academy.update({ where: { id: foreign.id }, data: { zone: "C" } });
  const eA = await makeEstablishment(home.id, { name: "Collège Domicile" });
  const eB = await makeEstablishment(foreign.id, { name: FOREIGN.establishment });
  for (const e of [eA, eB]) await db.establishmentYear.create({ data: { establishmentId: e.id, schoolYearId: year, pupilCount: 250, source: "test" } });
  for (const a of [home, foreign]) await createPoitiersRuleSet(db, a.id, year);

  const letterDefinition = JSON.parse(readFileSync("surveys/lettre-de-mission/2026-2027.json", "utf8"));
  await db.surveyVersion.create({ data: { key: "lettre-de-mission", schoolYearId: year, version: 1, checksum: definitionChecksum(letterDefinition), title: letterDefinition.title, definition: letterDefinition } });
  const bilanDefinition = JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8"));
  const bilanVersion = await db.surveyVersion.create({
    data: { key: "bilan-annuel", schoolYearId: year, version: 1, checksum: definitionChecksum(bilanDefinition), title: bilanDefinition.title, definition: bilanDefinition },
  });

  const users = {
    chef: await makeUser([{ role: "CHEF", academyId: home.id, establishmentId: eA.id }]),
    rupn: await makeUser([{ role: "RUPN", academyId: home.id, establishmentId: eA.id, schoolYearId: year }]),
    dane: await makeUser([{ role: "DANE", academyId: home.id }]),
    rectorat: await makeUser([{ role: "RECTORAT", academyId: home.id }]),
    // h10: the ministry's read-only role; its grant row names an académie but gives no access to it (ADR 022).
    national: await makeUser([{ role: "NATIONAL", academyId: home.id }]),
  };
  const chefB = await makeUser([{ role: "CHEF", academyId: foreign.id, establishmentId: eB.id }], FOREIGN.chefEmail);
  const rupnB = await makeUser([{ role: "RUPN", academyId: foreign.id, establishmentId: eB.id, schoolYearId: year }], FOREIGN.rupnEmail);
  const daneB = await makeUser([{ role: "DANE", academyId: foreign.id }], FOREIGN.daneEmail);
  const actor = async (id: string) => {
    const cookie = (await createUserSession(id)).split(";")[0];
    return (await getActor(new Request("http://localhost/", { headers: { Cookie: cookie } })))!;
  };

  // The other académie's records, each reachable by id.
  const letter = await openLetter(await actor(chefB.id), eB.id);
  const campaign = await db.campaign.create({
    data: { title: FOREIGN.campaign, academyId: foreign.id, schoolYearId: year, surveyVersionId: bilanVersion.id, opensAt: new Date(Date.now() - day), closesAt: new Date(Date.now() + 30 * day) },
  });
  const response = await startResponse(await actor(rupnB.id), campaign.id, eB.id);
  const course = await createCourse(await actor(daneB.id), { title: FOREIGN.course, kind: "VIRTUAL_CLASS", audience: "RUPN", description: "" });
  const session = await createSession(await actor(daneB.id), course.id, {
    startsAt: new Date(Date.now() + 20 * day),
    endsAt: new Date(Date.now() + 20 * day + 3600_000),
    venue: { mode: "REMOTE", url: "https://classe.example/zx" },
    capacity: 5,
    registrationDeadline: null,
  });
  const registration = await registerVolunteer(await actor(rupnB.id), session.id);
  const ruleSet = await db.impRuleSet.findFirstOrThrow({ where: { academyId: foreign.id }, select: { id: true, version: true } });
  const importRun = await db.importRun.create({
    data: { kind: "EFFECTIFS", fileName: "effectifs-zx.csv", checksum: "zx", byteSize: 10, academyCode: foreign.code, actorId: daneB.id, channel: "upload", status: "SUCCEEDED" },
  });
  const limeSurveyImport = await db.limeSurveyImport.create({
    data: {
      academyId: foreign.id, schoolYearId: year, fileName: "bilan-zx.lsa", checksum: "zx", byteSize: 10, channel: "upload",
      actorId: daneB.id, sourceSurveyId: "123456", surveyVersionId: campaign.surveyVersionId, campaignId: campaign.id, report: {}, result: {},
    },
  });
  const holiday = await db.schoolHoliday.create({
    data: { zone: "C", schoolYearId: year, label: "Vacances étrangères Zx", firstDay: new Date(Date.now() + 40 * day), lastDay: new Date(Date.now() + 45 * day), source: "test" },
  });
  // h7: a draft questionnaire of the other académie (issue 14).
  const questionnaire = await db.surveyVersion.create({
    data: {
      key: "bilan-annuel", schoolYearId: year, version: 2, checksum: "zx", title: FOREIGN.questionnaire, academyId: foreign.id, status: "DRAFT",
      derivedFromId: bilanVersion.id, nationalModelId: bilanVersion.id, definition: { ...bilanDefinition, title: FOREIGN.questionnaire },
    },
  });
  return {
    questionnaire,
    year, home, foreign, eA, eB, users, rupnB, letter, campaign, response, course, session, ruleSet, importRun, holiday, limeSurveyImport,
    registrationId: registration.registrationId!,
    bilanVersionId: bilanVersion.id,
  };
}
type World = Awaited<ReturnType<typeof world>>;

// ---------------------------------------------------------------------------------------------------------------
// The matrix. `denied`: 403/404 for every role, the sign-in page when anonymous. `scoped`: a page without an id
// of its own, given the other académie's id in its query or form: denied, or answered without any of its data.

type Expect = "denied" | "scoped";
type Call = {
  method: "GET" | "POST";
  url: (w: World) => string;
  params?: (w: World) => Record<string, string>;
  form?: (w: World) => Record<string, string | string[]>;
  json?: (w: World) => unknown;
  expect: Expect;
  /** A page anonymous visitors may see (the home page): then it must not show the other académie's data either. */
  anonymousPage?: true;
  /**
   * The national view (h10, ADR 022): answered to the NATIONAL role with every académie's aggregates. Their names are
   * public labels; any other marker of the other académie (establishment, person, email, campaign) is a leak.
   */
  nationalView?: true;
};
type Entry = { public: string } | Call[];

const get = (url: (w: World) => string, params?: Call["params"], expect: Expect = "denied"): Call => ({ method: "GET", url, params, expect });
const post = (url: (w: World) => string, form: Call["form"], params?: Call["params"], expect: Expect = "denied"): Call => ({ method: "POST", url, form, params, expect });
const id = (pick: (w: World) => string) => (w: World) => ({ id: pick(w) });

export const MATRIX: Record<string, Entry> = {
  "$.tsx": { public: "any unknown URL: a French 404 page for everyone" },
  "healthz.ts": { public: "health check for the service manager, no data" },
  "connexion.tsx": { public: "sign-in form (its limits are tested in sign-in.test.ts and fuzz.test.ts)" },
  "connexion_.verifier.tsx": { public: "sign-in link landing page, guarded by its single-use token" },
  "deconnexion.tsx": { public: "sign-out: ends the caller's own session only" },
  "donnees-personnelles.tsx": { public: "privacy notice, with the retention periods in force (configuration, no personal data)" },
  "boite-mail.tsx": { public: "local demo mailbox: its exposure rules (loopback, ADMIN) are the lead's and tested on their own" },

  "_index.tsx": [{ ...get(() => "/", undefined, "scoped"), anonymousPage: true }],
  "api.lettres.$id.ts": [
    get((w) => `/api/lettres/${w.letter}`, id((w) => w.letter)),
    { method: "POST", url: (w) => `/api/lettres/${w.letter}`, params: id((w) => w.letter), json: () => ({ intent: "save", surveyVersionId: "x", version: 1, data: { chef_nom: "Intrus" } }), expect: "denied" },
  ],
  "api.reponses.$id.ts": [
    get((w) => `/api/reponses/${w.response}`, id((w) => w.response)),
    { method: "POST", url: (w) => `/api/reponses/${w.response}`, params: id((w) => w.response), json: (w) => ({ intent: "save", surveyVersionId: w.bilanVersionId, version: 1, data: { commentaires: "Intrus" } }), expect: "denied" },
  ],
  "bilans.$id.tsx": [get((w) => `/bilans/${w.response}`, id((w) => w.response))],
  "bilans._index.tsx": [
    get(() => "/bilans", undefined, "scoped"),
    post(() => "/bilans", (w) => ({ campaignId: w.campaign.id, establishmentId: w.eB.id })),
  ],
  "campagnes.$id._index.tsx": [
    get((w) => `/campagnes/${w.campaign.id}`, id((w) => w.campaign.id)),
    post((w) => `/campagnes/${w.campaign.id}`, () => ({ intent: "close", confirm: "oui" }), id((w) => w.campaign.id)),
    post((w) => `/campagnes/${w.campaign.id}`, () => ({ intent: "invitation" }), id((w) => w.campaign.id)),
  ],
  "campagnes.$id.export[.]csv.ts": [get((w) => `/campagnes/${w.campaign.id}/export.csv`, id((w) => w.campaign.id))],
  "campagnes.$id.reponses.$reponseId.tsx": [
    get((w) => `/campagnes/${w.campaign.id}/reponses/${w.response}`, (w) => ({ id: w.campaign.id, reponseId: w.response })),
  ],
  "campagnes.$id.reponses._index.tsx": [get((w) => `/campagnes/${w.campaign.id}/reponses`, id((w) => w.campaign.id))],
  "campagnes._index.tsx": [get(() => "/campagnes", undefined, "scoped")],
  "campagnes.nouvelle.tsx": [
    get(() => "/campagnes/nouvelle", undefined, "scoped"),
    post(() => "/campagnes/nouvelle", (w) => ({ title: "Campagne intruse", academyId: w.foreign.id, surveyVersionId: w.bilanVersionId, schoolYearId: w.year, opensAt: "2026-01-01", closesAt: "2026-12-31" })),
  ],
  "etablissements.$uai.tsx": [get((w) => `/etablissements/${w.eB.uai}`, (w) => ({ uai: w.eB.uai }))],
  "etablissements._index.tsx": [get((w) => `/etablissements?q=${encodeURIComponent(w.eB.uai)}`, undefined, "scoped")],
  "formations.$id.tsx": [
    get((w) => `/formations/${w.course.id}`, id((w) => w.course.id)),
    post((w) => `/formations/${w.course.id}`, (w) => ({ intent: "register", sessionId: w.session.id }), id((w) => w.course.id)),
    post((w) => `/formations/${w.course.id}`, (w) => ({ intent: "cancel", registrationId: w.registrationId }), id((w) => w.course.id)),
    post((w) => `/formations/${w.course.id}`, (w) => ({ intent: "add-session", startsAt: "2027-03-01T10:00", endTime: "11:00", venueMode: "REMOTE", place: "https://x.example", capacity: "5", deadline: "" }), id((w) => w.course.id)),
  ],
  "formations._index.tsx": [
    get(() => "/formations", undefined, "scoped"),
    post(() => "/formations", (w) => ({ intent: "cancel", registrationId: w.registrationId })),
  ],
  "formations_.academies.$academyId.export[.]xlsx.ts": [get((w) => `/formations/academies/${w.foreign.id}/export.xlsx`, (w) => ({ academyId: w.foreign.id }))],
  "formations_.personnes.$id.tsx": [get((w) => `/formations/personnes/${w.rupnB.id}`, id((w) => w.rupnB.id))],
  "formations_.sessions.$id.export[.]csv.ts": [get((w) => `/formations/sessions/${w.session.id}/export.csv`, id((w) => w.session.id))],
  "formations_.sessions.$id.export[.]xlsx.ts": [get((w) => `/formations/sessions/${w.session.id}/export.xlsx`, id((w) => w.session.id))],
  "formations_.sessions.$id.tsx": [
    get((w) => `/formations/sessions/${w.session.id}`, id((w) => w.session.id)),
    post((w) => `/formations/sessions/${w.session.id}`, () => ({ intent: "cancel-session" }), id((w) => w.session.id)),
    post((w) => `/formations/sessions/${w.session.id}`, () => ({ intent: "capacity", capacity: "1" }), id((w) => w.session.id)),
    post((w) => `/formations/sessions/${w.session.id}`, (w) => ({ cancel: w.registrationId }), id((w) => w.session.id)),
  ],
  "formations_.vacances.tsx": [
    get(() => "/formations/vacances", undefined, "scoped"),
    post(() => "/formations/vacances", (w) => ({ intent: "delete", id: w.holiday.id, version: "1" })),
    post(() => "/formations/vacances", (w) => ({ intent: "update", id: w.holiday.id, version: "1", label: "Vacances intruses", firstDay: "2027-02-01", lastDay: "2027-02-10" })),
    post(() => "/formations/vacances", (w) => ({ intent: "create", zone: "C", schoolYearId: w.year, label: "Vacances intruses", firstDay: "2027-02-01", lastDay: "2027-02-10" })),
  ],
  "imp.regles.$id.tsx": [
    get((w) => `/imp/regles/${w.ruleSet.id}`, id((w) => w.ruleSet.id)),
    post((w) => `/imp/regles/${w.ruleSet.id}`, (w) => ({ intent: "publish", confirm: "oui", version: String(w.ruleSet.version) }), id((w) => w.ruleSet.id)),
  ],
  "imp.regles._index.tsx": [
    get((w) => `/imp/regles?academie=${w.foreign.id}`),
    post(() => "/imp/regles", (w) => ({ intent: "prepare", academyId: w.foreign.id })),
  ],
  "imp.versements[.]csv.ts": [get((w) => `/imp/versements.csv?academie=${w.foreign.id}`)],
  "imp.versements[.]xlsx.ts": [get((w) => `/imp/versements.xlsx?academie=${w.foreign.id}`)],
  "connexion_.proconnect.tsx": { public: "starts the ProConnect flow: a redirect to the provider, writes nothing (proconnect.test.ts)" },
  "connexion_.proconnect_.retour.tsx": { public: "ProConnect callback, guarded by its signed state cookie, PKCE and the ID token checks (proconnect.test.ts)" },
  "deconnexion_.retour.tsx": { public: "landing page after the provider's logout, no data" },
  "administration.comptes._index.tsx": [get(() => "/administration/comptes")],
  "administration.comptes.$id.tsx": [
    get((w) => `/administration/comptes/${w.rupnB.id}`, id((w) => w.rupnB.id)),
    post((w) => `/administration/comptes/${w.rupnB.id}`, () => ({ intent: "unlink", identityId: "x" }), id((w) => w.rupnB.id)),
  ],
  "boite-mail_.$id.pieces-jointes.$index.ts": [get(() => "/boite-mail/x/pieces-jointes/0", () => ({ id: "x", index: "0" }))],
  "imports.limesurvey._index.tsx": [
    get(() => "/imports/limesurvey", undefined, "scoped"),
    post(() => "/imports/limesurvey", () => ({ annee: "2020-2021" }), undefined, "scoped"),
  ],
  "imports.limesurvey.$id.tsx": [
    get((w) => `/imports/limesurvey/${w.limeSurveyImport.id}`, id((w) => w.limeSurveyImport.id)),
    post((w) => `/imports/limesurvey/${w.limeSurveyImport.id}`, () => ({ intent: "confirm" }), id((w) => w.limeSurveyImport.id)),
  ],
  "imports.$id.tsx": [get((w) => `/imports/${w.importRun.id}`, id((w) => w.importRun.id))],
  "imports._index.tsx": [
    get(() => "/imports", undefined, "scoped"),
    // No id: a DANE's upload is restricted to its own académie (imports.test.ts); here, nobody else may post.
    post(() => "/imports", (w) => ({ type: "effectifs", academie: w.foreign.id }), undefined, "scoped"),
  ],
  "lettres.$id.tsx": [
    get((w) => `/lettres/${w.letter}`, id((w) => w.letter)),
    post((w) => `/lettres/${w.letter}`, () => ({ intent: "return", version: "1", comment: "Renvoi intrus" }), id((w) => w.letter)),
    post((w) => `/lettres/${w.letter}`, () => ({ intent: "validate", version: "1" }), id((w) => w.letter)),
  ],
  "lettres.$id_.pdf.ts": [get((w) => `/lettres/${w.letter}/pdf`, id((w) => w.letter))],
  "lettres._index.tsx": [
    get(() => "/lettres", undefined, "scoped"),
    post(() => "/lettres", (w) => ({ establishmentId: w.eB.id })),
  ],
  "lettres_.suivi.tsx": [
    get((w) => `/lettres/suivi?academie=${w.foreign.id}`),
    post(() => "/lettres/suivi", (w) => ({ intent: "remind", academie: w.foreign.id })),
  ],
  "tableaux-de-bord._index.tsx": [get((w) => `/tableaux-de-bord?academie=${w.foreign.id}`, undefined, "scoped")],
  "tableaux-de-bord.imp.tsx": [get((w) => `/tableaux-de-bord/imp?academie=${w.foreign.id}`, undefined, "scoped")],
  "tableaux-de-bord.participation.tsx": [
    get((w) => `/tableaux-de-bord/participation?campagne=${w.campaign.id}`, undefined, "scoped"),
    post(() => "/tableaux-de-bord/participation", (w) => ({ intent: "reminder", campagne: w.campaign.id })),
  ],
  "tableaux-de-bord.tsx": [],
  "tableaux-de-bord_.campagnes.$id.classeur[.]xlsx.ts": [get((w) => `/tableaux-de-bord/campagnes/${w.campaign.id}/classeur.xlsx`, id((w) => w.campaign.id))],
  // h7: questionnaire editor (issue 14)
  "api.questionnaires.$id.ts": [
    get((w) => `/api/questionnaires/${w.questionnaire.id}`, id((w) => w.questionnaire.id)),
    {
      method: "POST", url: (w) => `/api/questionnaires/${w.questionnaire.id}`, params: id((w) => w.questionnaire.id), expect: "denied",
      json: (w) => ({ intent: "save", revision: 1, definition: { ...(w.questionnaire.definition as object), title: "Intrus" } }),
    },
  ],
  "questionnaires._index.tsx": [
    get(() => "/questionnaires", undefined, "scoped"),
    post(() => "/questionnaires", (w) => ({ academyId: w.foreign.id, schoolYearId: w.year, source: w.bilanVersionId })),
    post(() => "/questionnaires", (w) => ({ academyId: w.home.id, schoolYearId: w.year, source: w.questionnaire.id })),
  ],
  "questionnaires.$id._index.tsx": [
    get((w) => `/questionnaires/${w.questionnaire.id}`, id((w) => w.questionnaire.id)),
    post((w) => `/questionnaires/${w.questionnaire.id}`, () => ({ intent: "edit" }), id((w) => w.questionnaire.id)),
    post((w) => `/questionnaires/${w.questionnaire.id}`, () => ({ intent: "delete" }), id((w) => w.questionnaire.id)),
  ],
  "questionnaires.$id.apercu.tsx": [get((w) => `/questionnaires/${w.questionnaire.id}/apercu`, id((w) => w.questionnaire.id))],
  "questionnaires.$id.modifications.tsx": [
    get((w) => `/questionnaires/${w.questionnaire.id}/modifications`, id((w) => w.questionnaire.id)),
    post((w) => `/questionnaires/${w.questionnaire.id}/modifications`, () => ({ revision: "1" }), id((w) => w.questionnaire.id)),
  ],
  "questionnaires.$id.export[.]json.ts": [get((w) => `/questionnaires/${w.questionnaire.id}/export.json`, id((w) => w.questionnaire.id))],
  // h8: RGPD tools (person's file, exports, rectification, erasure, access log; ADR 020)
  "personnes._index.tsx": [get(() => "/personnes?q=lointain.zx", undefined, "scoped")],
  "personnes.$id.tsx": [
    get((w) => `/personnes/${w.rupnB.id}`, id((w) => w.rupnB.id)),
    post((w) => `/personnes/${w.rupnB.id}`, () => ({ intent: "rectify", version: "1", firstName: "Intrus", lastName: "Intrus", email: "intrus@ac-intrus.fr" }), id((w) => w.rupnB.id)),
    post((w) => `/personnes/${w.rupnB.id}`, () => ({ intent: "erase", reason: "Effacement intrus", confirm: "EFFACER" }), id((w) => w.rupnB.id)),
  ],
  "personnes.$id_.export[.]json.ts": [get((w) => `/personnes/${w.rupnB.id}/export.json`, id((w) => w.rupnB.id))],
  "personnes.$id_.export[.]xlsx.ts": [get((w) => `/personnes/${w.rupnB.id}/export.xlsx`, id((w) => w.rupnB.id))],
  "journal-des-acces.tsx": [get((w) => `/journal-des-acces?personneId=${w.rupnB.id}&etablissement=${w.eB.uai}`, undefined, "scoped")],
  "journal-des-acces[.]csv.ts": [get((w) => `/journal-des-acces.csv?personneId=${w.rupnB.id}`, undefined, "scoped")],

  // h9: read API with scoped tokens (ADR 021). The foreign académie's token is made by `apiWorld` below.
  "api-jetons.tsx": [
    get(() => "/api-jetons", undefined, "scoped"),
    post(() => "/api-jetons", () => ({ intent: "revoke", id: apiWorld.foreignTokenId })),
    post(() => "/api-jetons", (w) => ({ intent: "create", name: "Jeton intrus", scope: w.foreign.id, resources: ["reponses"], expiresOn: new Date(Date.now() + 30 * day).toISOString().slice(0, 10) })),
  ],
  // The API reads bearer tokens only: every role's session cookie gets a 401 (tokens' own scopes: api-v1.test.ts).
  "api.v1.etablissements.ts": [get((w) => `/api/v1/etablissements?academie=${w.foreign.code}`)],
  "api.v1.campagnes.ts": [get((w) => `/api/v1/campagnes?academie=${w.foreign.code}`)],
  "api.v1.reponses.ts": [get((w) => `/api/v1/reponses?campagne=${w.campaign.id}`)],
  "api.v1.lettres.ts": [get((w) => `/api/v1/lettres?academie=${w.foreign.code}`)],
  "api.v1.formations.sessions.ts": [get((w) => `/api/v1/formations/sessions?academie=${w.foreign.code}`)],
  "api.v1.formations.inscriptions.ts": [get((w) => `/api/v1/formations/inscriptions?session=${w.session.id}`)],
  "api.v1.tableaux-de-bord.$tableau.ts": [get((w) => `/api/v1/tableaux-de-bord/charge?academie=${w.foreign.code}`, () => ({ tableau: "charge" }))],
  "api.v1.openapi[.]json.ts": { public: "OpenAPI document of the read API: describes it, holds no data" },
  "api.v1.documentation.tsx": { public: "documentation of the read API, rendered from the OpenAPI document, no data" },
  // h10: national view — the ministry only (every other role 403, anonymous to sign-in), académie detail included.
  "national.tsx": [{ ...get((w) => `/national?academie=${w.foreign.id}`), nationalView: true }],
};

// ---------------------------------------------------------------------------------------------------------------

type RouteModule = { loader?: (args: unknown) => unknown; action?: (args: unknown) => unknown };
type Outcome = { status: number; location: string | null; body: string; error?: unknown };

async function settle(run: () => unknown): Promise<Outcome> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
    if (!(thrown instanceof Response)) return { status: 500, location: null, body: String(thrown), error: thrown };
  }
  if (value instanceof Response) {
    const body = value.body ? Buffer.from(await value.arrayBuffer()).toString("latin1") : "";
    return { status: value.status, location: value.headers.get("Location"), body };
  }
  const init = value as { type?: string; init?: { status?: number; headers?: HeadersInit } | null; data?: unknown } | null;
  if (init && init.type === "DataWithResponseInit") {
    return { status: init.init?.status ?? 200, location: new Headers(init.init?.headers).get("Location"), body: JSON.stringify(init.data) ?? "" };
  }
  return { status: 200, location: null, body: JSON.stringify(value) ?? "" };
}

const ROLES = ["anonymous", "rupn", "chef", "dane", "rectorat", "national"] as const;
type Role = (typeof ROLES)[number];

let w: World;
let cookies: Record<Role, string | null>;

beforeAll(async () => {
  w = await world();
  cookies = { anonymous: null } as Record<Role, string | null>;
  for (const role of ROLES) if (role !== "anonymous") cookies[role] = (await createUserSession(w.users[role].id)).split(";")[0];
});

function requestFor(call: Call, role: Role): Request {
  const headers = new Headers({ Origin: "http://localhost" });
  const cookie = cookies[role];
  if (cookie) headers.set("Cookie", cookie);
  const url = `http://localhost${call.url(w)}`;
  if (call.method === "GET") return new Request(url, { headers });
  if (call.json) {
    headers.set("Content-Type", "application/json");
    return new Request(url, { method: "POST", headers, body: JSON.stringify(call.json(w)) });
  }
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(call.form?.(w) ?? {})) for (const item of [v].flat()) body.append(k, item);
  return new Request(url, { method: "POST", headers, body });
}

function verdict(call: Call, role: Role, outcome: Outcome): string | null {
  if (outcome.error) return `erreur ${String(outcome.error)}`;
  if (role === "anonymous" && !call.anonymousPage) {
    const toSignIn = outcome.status >= 300 && outcome.status < 400 && (outcome.location ?? "").startsWith("/connexion");
    const apiRefusal = call.url(w).startsWith("/api/") && (outcome.status === 401 || outcome.status === 405);
    return toSignIn || apiRefusal ? null : `réponse ${outcome.status} au lieu de la page de connexion`;
  }
  const denied = role !== "anonymous" && (outcome.status === 403 || outcome.status === 404 || (call.url(w).startsWith("/api/") && call.method === "GET" && outcome.status === 405) || (call.url(w).startsWith("/api/v1/") && outcome.status === 401));
  if (denied) return null;
  if (call.nationalView && role === "national") {
    if (outcome.status !== 200) return `réponse ${outcome.status} au lieu de la vue nationale`;
    const leaked = Object.entries(FOREIGN).filter(([key, marker]) => key !== "academy" && outcome.body.includes(marker));
    return leaked.length ? `données personnelles ou d'établissement dans la vue nationale : ${leaked.map(([, m]) => m).join(", ")}` : null;
  }
  if (call.expect === "denied") return `réponse ${outcome.status} au lieu de 403/404`;
  const leaked = Object.values(FOREIGN).filter((marker) => outcome.body.includes(marker));
  if (leaked.length) return `données de l'autre académie dans la réponse : ${leaked.join(", ")}`;
  if (outcome.status >= 500) return `réponse ${outcome.status}`;
  return null;
}

describe("authorization matrix", () => {
  const files = readdirSync(ROUTES_DIR).filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f)).sort();

  it("has an entry for every route file", () => {
    const missing = files.filter((f) => !(f in MATRIX)).map((f) => `route sans entrée dans la matrice : ${f}`);
    const stale = Object.keys(MATRIX).filter((f) => !files.includes(f)).map((f) => `entrée de la matrice sans fichier : ${f}`);
    expect([...missing, ...stale]).toEqual([]);
  });

  it("covers the loader and the action of every non-public route", async () => {
    const uncovered: string[] = [];
    for (const file of files) {
      const entry = MATRIX[file];
      if (!entry || !Array.isArray(entry)) continue;
      const mod = (await import(pathToFileURL(path.join(ROUTES_DIR, file)).href)) as RouteModule;
      if (mod.loader && !entry.some((c) => c.method === "GET")) uncovered.push(`${file} : loader sans appel dans la matrice`);
      if (mod.action && !entry.some((c) => c.method === "POST")) uncovered.push(`${file} : action sans appel dans la matrice`);
      if (!mod.loader && entry.some((c) => c.method === "GET")) uncovered.push(`${file} : pas de loader`);
      if (!mod.action && entry.some((c) => c.method === "POST")) uncovered.push(`${file} : pas d'action`);
    }
    expect(uncovered).toEqual([]);
  });

  it("refuses every role the other académie's records, and changes nothing", async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const file of files) {
      const entry = MATRIX[file];
      if (!entry || !Array.isArray(entry)) continue;
      const mod = (await import(pathToFileURL(path.join(ROUTES_DIR, file)).href)) as RouteModule;
      for (const call of entry) {
        const fn = call.method === "GET" ? mod.loader : mod.action;
        if (!fn) continue;
        for (const role of ROLES) {
          const before = await databaseChecksum();
          const outcome = await settle(() => fn({ request: requestFor(call, role), params: call.params?.(w) ?? {}, context: { clientIp: "127.0.0.1", cspNonce: "" } }));
          const after = await databaseChecksum();
          calls++;
          const where = `${file} ${call.method} ${call.url(w)} (${role})`;
          const problem = verdict(call, role, outcome);
          if (problem) failures.push(`${where} : ${problem}`);
          const changed = changedTables(before, after);
          if (changed.length) failures.push(`${where} : base modifiée (${changed.join(", ")})`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(250);
  });
});

// h9: the other académie's API token, made after `world()` (hooks run in order); its clear value is never needed.
let apiWorld: { foreignTokenId: string };
beforeAll(async () => {
  const token = await getDb().apiToken.create({
    data: { name: FOREIGN.apiToken, tokenHash: "0".repeat(64), prefix: "rupn_Zx00", academyId: w.foreign.id, resources: ["reponses"], expiresAt: new Date(Date.now() + 30 * day), createdById: w.rupnB.id },
  });
  apiWorld = { foreignTokenId: token.id };
});
