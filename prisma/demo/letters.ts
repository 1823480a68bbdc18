// Demo lettre de mission: last year's letter of the first demo establishment, validated, so that this year's
// letter opens prefilled from it (the chef@ and rupn@ accounts). Written through the service's recompute, so
// the attributions and totals are the ones the platform computes.
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import { recompute } from "../../app/services/mission-letters.server.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../../app/domain/labels.ts";

const day = 24 * 3600 * 1000;

export async function seedDemoLetters(db: PrismaClient, uai: string, schoolYearId: string) {
  const establishment = await db.establishment.findUniqueOrThrow({ where: { uai }, select: { id: true, uai: true, name: true, type: true } });
  if (await db.missionLetter.count({ where: { establishmentId: establishment.id } })) return;
  const version = await db.surveyVersion.findFirst({ where: { key: "lettre-de-mission", schoolYearId }, orderBy: { version: "desc" } });
  if (!version) return;
  const [chef, dane] = await Promise.all([
    db.user.findUnique({ where: { email: "chef@rupn.example" } }),
    db.user.findUnique({ where: { email: "dane@rupn.example" } }),
  ]);
  const year = await db.establishmentYear.findUnique({ where: { establishmentId_schoolYearId: { establishmentId: establishment.id, schoolYearId } } });
  const data = {
    etab_uai: establishment.uai,
    etab_nom: establishment.name,
    etab_type: ESTABLISHMENT_TYPE_LABELS[establishment.type],
    etab_effectif: year?.pupilCount === null || year?.pupilCount === undefined ? "inconnu" : String(year.pupilCount),
    chef_nom: chef ? `${chef.firstName} ${chef.lastName}` : "Claire Martin",
    chef_qualite: "principal",
    referents: [
      { prenom: "Romain", nom: "Dubois", email: "rupn@rupn.example", statut: "enseignant", discipline: "Technologie", nouveau: false, periode: "annee", reconnaissance: "imp", imp_montant: 625 },
      { prenom: "Sophie", nom: "Leroy", email: "rupn2@rupn.example", statut: "documentaliste", nouveau: true, periode: "annee", reconnaissance: "imp", imp_montant: 625 },
    ],
    complement: 0,
    inscription_formation: true,
    repartition: {
      support_team: { responsables: ["rupn@rupn.example", "rupn2@rupn.example"], organisation: "Accompagnement par projet" },
      advise_head: { responsables: ["rupn@rupn.example"] },
      communicate: { responsables: ["rupn2@rupn.example"] },
      self_training: { responsables: ["rupn@rupn.example", "rupn2@rupn.example"] },
      local_authority_liaison: { responsables: ["rupn@rupn.example"] },
      incident_tickets: { responsables: ["rupn@rupn.example"] },
      amon_interface: { non_concerne: true },
      user_accounts: { responsables: ["rupn2@rupn.example"] },
      tablets: { non_concerne: true },
      ent_administrator: { responsables: ["rupn2@rupn.example"] },
      ent_usage_referent: { responsables: ["rupn2@rupn.example"] },
      pedagogical_services: { responsables: ["rupn2@rupn.example"] },
      website: { responsables: ["rupn@rupn.example"] },
    },
    priorites: "Généraliser l'usage de l'ENT en 6e ; accompagner la certification Pix en 3e.",
    moyens: ["bureau", "tickets"],
  };
  const start = new Date(`${schoolYearId.slice(0, 4)}-10-01T08:00:00Z`);
  await db.$transaction(async (tx) => {
    const letter = await tx.missionLetter.create({
      data: {
        establishmentId: establishment.id,
        schoolYearId,
        surveyVersionId: version.id,
        status: "VALIDATED",
        data,
        version: 4,
        createdById: chef?.id,
        submittedAt: start,
        submittedById: chef?.id,
        signedAt: new Date(start.getTime() + day),
        signedById: chef?.id,
        signerName: chef ? `${chef.firstName} ${chef.lastName}` : null,
        validatedAt: new Date(start.getTime() + 3 * day),
        validatedById: dane?.id,
      },
    });
    await recompute(tx, letter.id, data, schoolYearId, establishment.id);
  });
}
