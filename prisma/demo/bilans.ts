// Demo bilans: three closed bilan campaigns of earlier years (2022-2023 to 2024-2025 for a start in 2026), with
// the referents designated those years and their answers, so that the DANE's dashboards show something at
// `npm start`. Answers are drawn from a fixed seed, validated and turned into facts by the survey code itself.
// The open campaign of the seed keeps no demo answer (the RUPN accounts fill it).
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import { schoolYearBounds, schoolYearIdFor } from "../../app/domain/school-year.ts";
import { buildModel, type SurveyDefinition } from "../../app/surveys/model.ts";
import { validateAnswers } from "../../app/surveys/validate.ts";
import { extractFacts } from "../../app/surveys/facts.ts";

const FIRST = ["Camille", "Julien", "Nadia", "Thomas", "Élodie", "Karim", "Manon", "Nicolas", "Léa", "Hugo", "Sarah", "Yann", "Gaëlle", "Loïc", "Morgane", "Erwan"];
const LAST = ["Le Goff", "Guillou", "Hamon", "Le Roux", "Morvan", "Tanguy", "Riou", "Le Gall", "Collin", "Quéré", "Prigent", "Jaouen", "Cariou", "Le Bihan"];

/** Weekly hours by activity around which a type's referents answer (assistance grows a little each year). */
const PROFILES: Record<string, [number, number, number, number, number, number]> = {
  COLLEGE: [2, 0.5, 2, 1, 0.5, 0.5],
  LYCEE: [2.5, 0.5, 1.5, 1.5, 0.5, 0.5],
  LYCEE_PRO: [1.5, 0.5, 2.5, 1, 0.5, 0.5],
  EREA: [1, 0.5, 2.5, 0.5, 0.5, 0.5],
  OTHER: [1.5, 0.5, 1.5, 1, 0.5, 0.5],
};

/** Deterministic pseudo-random numbers (mulberry32), so the demo is the same at every start. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const halves = (x: number) => Math.max(0, Math.round(x * 2) / 2);

function answers(rand: () => number, type: string, yearIndex: number, referents: number, years: number) {
  const p = PROFILES[type] ?? PROFILES.OTHER;
  const drift = 0.25 * yearIndex;
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const recognition = rand() < 0.75 ? "imp" : rand() < 0.6 ? "allegement" : "aucune";
  const actions = ["ateliers", "cafes", "pix", "projets", "formation_locale", "valorisation"].filter(() => rand() < 0.45);
  return {
    statut: pick(["enseignant", "enseignant", "enseignant", "documentaliste", "cpe"]),
    annees_rupn: years,
    nombre_referents: referents,
    reconnaissance: recognition,
    ...(recognition === "imp" ? { imp_montant: pick([625, 1250, 1250, 2500]) } : recognition === "allegement" ? { allegement_heures: pick([1, 1.5, 2]) } : {}),
    h_accompagnement: halves(p[0] + (rand() - 0.5) * 2 - drift / 2),
    h_conseil: halves(p[1] + (rand() - 0.5)),
    h_assistance: halves(p[2] + (rand() - 0.3) * 2.5 + drift),
    h_administration: halves(p[3] + (rand() - 0.5) * 1.5),
    h_communication: halves(p[4] + (rand() - 0.5)),
    h_formation: halves(p[5] + (rand() - 0.5)),
    tickets_collectivite: Math.round(10 + rand() * 60),
    actions: actions.length ? actions : ["projets"],
    ...(actions.includes("ateliers") ? { nombre_ateliers: 1 + Math.floor(rand() * 10) } : {}),
    outils: ["ent", "gar", "pix", "site_web", "amon", "comptes", "tablettes"].filter(() => rand() < 0.5).concat("ent").filter((v, i, a) => a.indexOf(v) === i),
    difficultes: rand() < 0.5 ? ["temps", "assistance"] : ["temps"],
    besoins_formation: rand() < 0.5 ? ["ia"] : ["usages", "donnees"],
    ...(years <= 2 ? { stage_entree: rand() < 0.7 } : {}),
    satisfaction_reconnaissance: 1 + Math.floor(rand() * 5),
    poursuite: pick(["oui", "oui", "oui", "non", "indecis"]),
  };
}

export async function seedDemoBilans(db: PrismaClient, academyCode: string, now = new Date()) {
  const academy = await db.academy.findUniqueOrThrow({ where: { code: academyCode } });
  const version = await db.surveyVersion.findFirst({ where: { key: "bilan-annuel" }, orderBy: [{ schoolYearId: "asc" }, { version: "desc" }] });
  if (!version) return;
  const start = Number(schoolYearIdFor(now).slice(0, 4));
  const years = [start - 4, start - 3, start - 2].map((y) => `${y}-${y + 1}`);
  if (await db.campaign.count({ where: { academyId: academy.id, title: { contains: "(démonstration)" } } })) return;
  const establishments = await db.establishment.findMany({ where: { academyId: academy.id }, orderBy: { uai: "asc" }, select: { id: true, uai: true, type: true } });
  const model = buildModel(version.definition as SurveyDefinition);
  const rand = random(2015_058);
  // Each establishment keeps its referents from year to year, with a newcomer now and then.
  const team = new Map<string, { userId: string; since: number }[]>();
  let people = 0;
  const newcomer = async (since: number) => {
    const n = people++;
    const first = FIRST[n % FIRST.length];
    const last = LAST[(n * 7) % LAST.length];
    const email = `${first}.${last}.${n}`.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9.]/g, "") + "@demo.rupn.example";
    const user = await db.user.upsert({ where: { email }, update: {}, create: { email, firstName: first, lastName: last } });
    return { userId: user.id, since };
  };
  for (const [yearIndex, schoolYearId] of years.entries()) {
    await db.schoolYear.upsert({ where: { id: schoolYearId }, update: {}, create: { id: schoolYearId, ...schoolYearBounds(schoolYearId) } });
    const end = Number(schoolYearId.slice(5));
    const campaign = await db.campaign.create({
      data: {
        title: `Bilan annuel ${schoolYearId} (démonstration)`,
        academyId: academy.id,
        schoolYearId,
        surveyVersionId: version.id,
        opensAt: new Date(Date.UTC(end, 4, 15, 6)),
        closesAt: new Date(Date.UTC(end, 6, 5, 20)),
      },
    });
    for (const e of establishments) {
      const size = e.type === "LYCEE" && rand() < 0.5 ? 2 + Math.floor(rand() * 2) : 1 + Math.floor(rand() * 2);
      const current = (team.get(e.id) ?? []).filter(() => rand() < 0.85).slice(0, size);
      while (current.length < size) current.push(await newcomer(yearIndex));
      team.set(e.id, current);
      for (const member of current) {
        await db.roleAssignment.create({ data: { userId: member.userId, role: "RUPN", academyId: academy.id, establishmentId: e.id, schoolYearId } });
        if (rand() > 0.82) continue; // did not answer
        const data = answers(rand, e.type, yearIndex, size, 1 + yearIndex - member.since + (member.since === 0 ? Math.floor(rand() * 4) : 0));
        const checked = validateAnswers(model, data, "submit");
        if (!checked.ok) throw new Error(`Bilan de démonstration invalide : ${checked.errors.map((x) => x.message).join(" ; ")}`);
        const facts = extractFacts(model);
        const submittedAt = new Date(Date.UTC(end, 5, 1 + Math.floor(rand() * 30), 9));
        await db.surveyResponse.create({
          data: {
            campaignId: campaign.id, surveyVersionId: version.id, establishmentId: e.id, respondentId: member.userId,
            status: "SUBMITTED", data: checked.data as object, submittedAt, createdAt: submittedAt,
            facts: { create: facts.map((f) => ({ ...f, campaignId: campaign.id, establishmentId: e.id })) },
          },
        });
      }
    }
  }
}
