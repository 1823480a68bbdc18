// Demo lettres de mission of the years that have demo bilans (prisma/demo/bilans.ts): for every establishment and
// year, a validated letter naming the referents designated that year, with the recognition each one declared in
// the bilan (IMP amount or allègement; a referent who did not answer gets one drawn from a fixed seed). Then, for
// the school year just ended, a few letters carried over from those (signed, submitted, drafts), so that the
// "letters by status" panel has something to show. Written through the platform's code: every kind of answer is
// checked by the form's validation, every letter by `recompute` (IMP rules, totals, attributions); the top-up is
// what the envelope requires.
import type { Prisma, PrismaClient } from "../../app/generated/prisma/client.ts";
import type { MissionLetterStatus } from "../../app/generated/prisma/enums.ts";
import { carryOverAnswers, recompute } from "../../app/services/mission-letters.server.ts";
import { publishedRuleSetInForce, toDomainRuleSet } from "../../app/services/imp-rule-sets.server.ts";
import { envelopeFor } from "../../app/domain/imp/rule-set.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../../app/domain/labels.ts";
import { buildModel, type SurveyDefinition } from "../../app/surveys/model.ts";
import { validateAnswers } from "../../app/surveys/validate.ts";

type Answers = Record<string, unknown>;
type Establishment = { id: string; uai: string; name: string; type: keyof typeof ESTABLISHMENT_TYPE_LABELS };

const day = 24 * 3600 * 1000;
const CHEF_FIRST = ["Anne", "Bruno", "Catherine", "Didier", "Florence", "Gilles", "Hélène", "Jean-Marc", "Isabelle", "Olivier", "Patricia"];
const CHEF_LAST = ["Le Bras", "Guégan", "Kerjean", "Le Floch", "Tréguier", "Corre", "Le Meur", "Bourhis", "Pennec"];
const DISCIPLINES = ["Technologie", "Mathématiques", "Physique-chimie", "Histoire-géographie", "Lettres", "SVT", "Anglais", "STI2D"];
const PRIORITIES: Record<string, string> = {
  COLLEGE: "Accompagner l'usage de l'ENT en 6e ; préparer la certification Pix des élèves de 3e.",
  LYCEE: "Accompagner les équipes dans les usages du numérique en seconde ; suivre le parc de postes et l'ENT.",
  LYCEE_PRO: "Accompagner les plateaux techniques et les usages numériques des sections professionnelles.",
  EREA: "Adapter les outils numériques aux besoins des élèves ; former l'équipe à l'ENT.",
  OTHER: "Accompagner l'équipe dans ses usages du numérique.",
};
/** Statuses of the letters carried over into the school year just ended, establishment after establishment. */
const IN_PROGRESS: MissionLetterStatus[] = ["SIGNED", "SUBMITTED", "DRAFT", "SIGNED", "SUBMITTED", "DRAFT", "SIGNED", "DRAFT"];

/** A small deterministic hash (the same demo at every start). */
function hash(text: string) {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

const pick = <T,>(xs: readonly T[], key: string) => xs[hash(key) % xs.length];

/** The pupil count of an earlier year: last year's extract, a little smaller further back. */
export function earlierPupilCount(count: number, uai: string, yearsBack: number) {
  return Math.max(0, Math.round(count * (1 - 0.02 * yearsBack + ((hash(`${uai}:${yearsBack}`) % 5) - 2) / 100)));
}

type Referent = { firstName: string; lastName: string; email: string; answers: Answers | null; newcomer: boolean };

function referentAnswers(r: Referent, establishment: Establishment, schoolYearId: string): Answers {
  const a = r.answers ?? {};
  const key = `${r.email}:${schoolYearId}`;
  const statut = typeof a.statut === "string" ? a.statut : pick(["enseignant", "enseignant", "documentaliste"], key);
  // The bilan says how the referent was recognised; for one who did not answer, a recognition drawn from the seed.
  const recognition = typeof a.reconnaissance === "string" ? a.reconnaissance : hash(key) % 10 < 8 ? "imp" : "allegement";
  return {
    prenom: r.firstName,
    nom: r.lastName,
    email: r.email,
    statut,
    ...(statut === "enseignant" ? { discipline: pick(DISCIPLINES, `${r.email}:${establishment.type}`) } : {}),
    nouveau: r.newcomer,
    periode: "annee",
    reconnaissance: recognition,
    ...(recognition === "imp" ? { imp_montant: typeof a.imp_montant === "number" ? a.imp_montant : pick([625, 1250], key) } : {}),
    ...(recognition === "allegement" ? { allegement_heures: typeof a.allegement_heures === "number" ? a.allegement_heures : pick([1, 1.5], key) } : {}),
  };
}

/** Each mission to one referent in turn; the AMON interface and the tablets are "non concerné" in most collèges. */
function split(emails: string[], establishment: Establishment): Answers {
  const rows = ["support_team", "advise_head", "communicate", "self_training", "local_authority_liaison", "incident_tickets", "amon_interface", "user_accounts", "tablets", "ent_administrator", "ent_usage_referent", "pedagogical_services", "website"];
  return Object.fromEntries(rows.map((row, i) => {
    if ((row === "amon_interface" || row === "tablets") && establishment.type === "COLLEGE") return [row, { non_concerne: true }];
    return [row, { responsables: row === "self_training" ? emails : [emails[i % emails.length]] }];
  }));
}

function chefName(establishment: Establishment) {
  return `${pick(CHEF_FIRST, `chef:${establishment.uai}`)} ${pick(CHEF_LAST, `chef-nom:${establishment.uai}`)}`;
}

function chefTitle(establishment: Establishment) {
  return establishment.type === "COLLEGE" ? "principal" : establishment.type === "EREA" ? "directeur" : "proviseur";
}

export async function seedDemoLetterHistory(
  db: PrismaClient,
  academyCode: string,
  { pupils, skip, previous, ensureRuleSets }: {
    /** Pupils by UAI in the extract (last year's). */
    pupils: Map<string, number>;
    /** UAIs left without extra letters (the establishments the e2e tests fill letters for). */
    skip: Set<string>;
    /** The school year just ended. */
    previous: string;
    /** Publishes the demo IMP rules for these years when they have none. */
    ensureRuleSets: (schoolYearIds: string[]) => Promise<void>;
  },
) {
  const academy = await db.academy.findUniqueOrThrow({ where: { code: academyCode } });
  const campaigns = await db.campaign.findMany({
    where: { academyId: academy.id, title: { contains: "(démonstration)" } },
    orderBy: { schoolYearId: "asc" },
    select: { id: true, schoolYearId: true },
  });
  const years = campaigns.map((c) => c.schoolYearId);
  if (!years.length) return { letters: 0 };
  const inScope = { establishment: { academyId: academy.id, uai: { notIn: [...skip] } } };
  if (await db.missionLetter.count({ where: { schoolYearId: { in: [...years, previous] }, ...inScope } })) return { letters: 0 };
  const versions = await db.surveyVersion.findMany({ where: { key: "lettre-de-mission" }, orderBy: [{ schoolYearId: "asc" }, { version: "desc" }] });
  if (!versions.length) return { letters: 0 };
  // The years before the first form use the first one (as the demo bilans do).
  const versionFor = (schoolYearId: string) => versions.find((v) => v.schoolYearId === schoolYearId) ?? versions[0];
  await ensureRuleSets(years);
  const models = new Map(versions.map((v) => [v.id, buildModel(v.definition as SurveyDefinition)]));

  const establishments = (await db.establishment.findMany({
    where: { academyId: academy.id, uai: { notIn: [...skip] } },
    orderBy: { uai: "asc" },
    select: { id: true, uai: true, name: true, type: true },
  })) as Establishment[];
  // Pupil counts of the bilan years (the extract is last year's), for the envelopes.
  await db.establishmentYear.createMany({
    data: establishments.flatMap((e) => years.map((schoolYearId) => {
      const back = Number(previous.slice(0, 4)) - Number(schoolYearId.slice(0, 4));
      return { establishmentId: e.id, schoolYearId, pupilCount: earlierPupilCount(pupils.get(e.uai) ?? 0, e.uai, back), source: "Démonstration (effectif reconstitué)" };
    })),
    skipDuplicates: true,
  });
  const pupilRows = await db.establishmentYear.findMany({ where: { establishmentId: { in: establishments.map((e) => e.id) }, schoolYearId: { in: [...years, previous] } } });
  const pupilCount = (establishmentId: string, schoolYearId: string) =>
    pupilRows.find((p) => p.establishmentId === establishmentId && p.schoolYearId === schoolYearId)?.pupilCount ?? null;

  const designations = await db.roleAssignment.findMany({
    where: { role: "RUPN", academyId: academy.id, schoolYearId: { in: years }, establishmentId: { in: establishments.map((e) => e.id) } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { establishmentId: true, schoolYearId: true, user: { select: { id: true, email: true, firstName: true, lastName: true } } },
  });
  const responses = await db.surveyResponse.findMany({
    where: { campaignId: { in: campaigns.map((c) => c.id) }, status: "SUBMITTED" },
    select: { campaignId: true, establishmentId: true, respondentId: true, data: true },
  });
  const yearOfCampaign = new Map(campaigns.map((c) => [c.id, c.schoolYearId]));
  const answersOf = new Map(responses.map((r) => [`${yearOfCampaign.get(r.campaignId)}:${r.establishmentId}:${r.respondentId}`, r.data as Answers]));
  const designated = new Set(designations.map((d) => `${d.schoolYearId}:${d.establishmentId}:${d.user.id}`));
  const dane = await db.user.findUnique({ where: { email: "dane@rupn.example" }, select: { id: true } });
  const ruleSets = new Map<string, Awaited<ReturnType<typeof publishedRuleSetInForce>>>();
  for (const schoolYearId of [...years, previous]) ruleSets.set(schoolYearId, await publishedRuleSetInForce(db, academy.id, schoolYearId));

  type Job = { e: Establishment; schoolYearId: string; status: MissionLetterStatus; data: Answers; versionId: string };
  const checkedShapes = new Set<string>();
  /** The letter's answers: the base plus the directory's fields and the top-up the envelope requires. */
  const prepare = (e: Establishment, schoolYearId: string, status: MissionLetterStatus, base: Answers): Job => {
    const version = versionFor(schoolYearId);
    const ruleSet = ruleSets.get(schoolYearId);
    const pupils = pupilCount(e.id, schoolYearId);
    const envelope = ruleSet ? envelopeFor(toDomainRuleSet(ruleSet), { type: e.type, pupilCount: pupils, name: e.name }) : null;
    const referents = Array.isArray(base.referents) ? (base.referents as Answers[]) : [];
    const attributed = referents.reduce((sum, r) => sum + (r.reconnaissance === "imp" && typeof r.imp_montant === "number" ? Math.round(r.imp_montant * 100) : 0), 0);
    // The establishment tops the envelope up when its referents' IMP exceed it.
    const complement = envelope?.ok ? Math.max(0, attributed - envelope.envelope.total) / 100 : 0;
    const data: Answers = {
      ...base,
      etab_uai: e.uai,
      etab_nom: e.name,
      etab_type: ESTABLISHMENT_TYPE_LABELS[e.type],
      etab_effectif: pupils === null ? "inconnu" : String(pupils),
      complement,
    };
    // The form's validation (~50 ms a letter) runs once per kind of referent and mode: enough to keep the demo
    // answers valid for the form, without adding seconds to every fresh start.
    const mode = status === "DRAFT" ? "draft" : "submit";
    const shapes = referents.map((r) => `${mode}:${String(r.statut)}:${String(r.reconnaissance)}:${String(r.nouveau)}`);
    if (shapes.some((shape) => !checkedShapes.has(shape))) {
      const checked = validateAnswers(models.get(version.id)!, data, mode);
      if (!checked.ok) throw new Error(`Lettre de démonstration invalide (${e.uai}, ${schoolYearId}) : ${checked.errors.map((x) => x.message).join(" ; ")}`);
      for (const shape of shapes) checkedShapes.add(shape);
    }
    return { e, schoolYearId, status, data, versionId: version.id };
  };
  /** One letter, one transaction: the row, then the platform's recompute (frozen figures and attributions). */
  const store = ({ e, schoolYearId, status, data, versionId }: Job) =>
    db.$transaction(async (tx) => {
      const start = new Date(Date.UTC(Number(schoolYearId.slice(0, 4)), 8, 20 + (hash(e.uai) % 10), 8));
      const submittedAt = new Date(start.getTime() + (7 + (hash(`${e.uai}:${schoolYearId}`) % 14)) * day);
      const letter = await tx.missionLetter.create({
        data: {
          establishmentId: e.id,
          schoolYearId,
          surveyVersionId: versionId,
          status,
          data: data as Prisma.InputJsonValue,
          version: { DRAFT: 2, SUBMITTED: 3, SIGNED: 4, VALIDATED: 5 }[status],
          createdAt: start,
          ...(status !== "DRAFT" ? { submittedAt } : {}),
          ...(status === "SIGNED" || status === "VALIDATED" ? { signedAt: new Date(submittedAt.getTime() + 2 * day), signerName: String(data.chef_nom) } : {}),
          ...(status === "VALIDATED" ? { validatedAt: new Date(submittedAt.getTime() + 9 * day), validatedById: dane?.id } : {}),
        },
      });
      const check = await recompute(tx, letter.id, data, schoolYearId, e.id);
      if (status !== "DRAFT" && check.errors.length) {
        throw new Error(`Lettre de démonstration refusée (${e.uai}, ${schoolYearId}) : ${check.errors.map((x) => x.message).join(" ; ")}`);
      }
    });

  const jobs: Job[] = [];
  const lastLetter = new Map<string, Answers>();
  for (const schoolYearId of years) {
    for (const e of establishments) {
      const team: Referent[] = designations
        .filter((d) => d.schoolYearId === schoolYearId && d.establishmentId === e.id)
        .map((d) => {
          const answers = answersOf.get(`${schoolYearId}:${e.id}:${d.user.id}`) ?? null;
          const before = years[years.indexOf(schoolYearId) - 1];
          // New: the bilan says "first year"; without a bilan, nobody had designated them here the year before.
          const newcomer = answers ? answers.annees_rupn === 1 : before !== undefined && !designated.has(`${before}:${e.id}:${d.user.id}`);
          return { firstName: d.user.firstName, lastName: d.user.lastName, email: d.user.email, answers, newcomer };
        });
      if (!team.length) continue;
      const emails = team.map((r) => r.email);
      const base: Answers = {
        chef_nom: chefName(e),
        chef_qualite: chefTitle(e),
        referents: team.map((r) => referentAnswers(r, e, schoolYearId)),
        inscription_formation: true,
        repartition: split(emails, e),
        priorites: PRIORITIES[e.type] ?? PRIORITIES.OTHER,
        moyens: hash(e.uai) % 2 ? ["bureau", "tickets"] : ["materiel", "tickets"],
      };
      jobs.push(prepare(e, schoolYearId, "VALIDATED", base));
      lastLetter.set(e.id, base);
    }
  }

  // The school year just ended: a few letters carried over from the last one, at every stage but validated.
  const carried = establishments.filter((e) => lastLetter.has(e.id) && e.type !== "EREA").filter((e) => hash(`en-cours:${e.uai}`) % 3 === 0).slice(0, IN_PROGRESS.length);
  for (const [i, e] of carried.entries()) {
    const previousAnswers = lastLetter.get(e.id)!;
    jobs.push(prepare(e, previous, IN_PROGRESS[i], { ...carryOverAnswers(previousAnswers), priorites: previousAnswers.priorites }));
  }
  // A few letters at a time: the round trips overlap (the seed runs at every fresh start).
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < jobs.length) await store(jobs[next++]);
  }));
  return { letters: jobs.length };
}
