// The PDF of a lettre de mission (issue 5): every section of the form, the referents, the split of missions,
// the amounts and payment schedules, the signature and the validation. Rendered once per letter version and
// kept (MissionLetterDocument), so the mails and the downloads carry the same bytes.
import { createHash } from "node:crypto";
import { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import { type LetterReferent, fullName, readLetterAnswers, schedulesOf, formatIso } from "../domain/imp/letter.ts";
import { MATRIX_ROWS } from "../domain/imp/missions.ts";
import { formatEuros } from "../domain/imp/money.ts";
import { formatMonth } from "../domain/imp/school-month.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../domain/labels.ts";
import { type PdfSection, renderPdf } from "./document.server.ts";
import { academyLabel, capitalize, formatDate, formatDateTime, plural } from "../domain/format/fr.ts";

type Tx = Prisma.TransactionClient | typeof db;
type Answers = Record<string, unknown>;

const STATUS_LABELS: Record<string, string> = { enseignant: "Enseignant·e", cpe: "CPE", documentaliste: "Professeur·e documentaliste" };
const QUALITY_LABELS: Record<string, string> = { principal: "principal·e", proviseur: "proviseur·e", directeur: "directeur·rice", adjoint: "adjoint·e, par délégation" };
const MEANS_LABELS: Record<string, string> = { telephone: "Téléphone", materiel: "Matériel informatique dédié", bureau: "Bureau ou local", tickets: "Accès au serveur de tickets de la collectivité" };


/** Standard PDF fonts are WinAnsi: the narrow no-break space of fr-FR numbers is not in it. */
function safe(text: string): string {
  return text.replace(/\u202f/g, "\u00a0").replace(/[\u2010\u2011]/g, "-");
}
const euros = (cents: number) => safe(formatEuros(cents));

const documentSelect = {
  id: true, version: true, status: true, data: true, schoolYearId: true, pupilCount: true, envelopeCents: true, topUpCents: true,
  attributedCents: true, submittedAt: true, signedAt: true, signerName: true, validatedAt: true, validatedById: true,
  establishment: { select: { uai: true, name: true, type: true, commune: true, academy: { select: { name: true } } } },
} satisfies Prisma.MissionLetterSelect;
type DocumentLetter = Prisma.MissionLetterGetPayload<{ select: typeof documentSelect }>;

function recognitionText(referent: LetterReferent, byEmail: Map<string, LetterReferent>): string {
  if (referent.period === "replacement") {
    const replaced = referent.replacesEmail ? byEmail.get(referent.replacesEmail) : undefined;
    return `Remplace ${replaced ? fullName(replaced) : referent.replacesEmail ?? "—"} à compter du ${referent.startsOn ? formatIso(referent.startsOn) : "—"} : l'IMP du référent remplacé lui est versée pour la période correspondante.`;
  }
  if (referent.impCents) return `IMP de ${euros(referent.impCents)} par an`;
  if (referent.reliefHours) return `Allègement de service de ${String(referent.reliefHours).replace(".", ",")} h hebdomadaires`;
  return "Aucune";
}

export function letterDocumentSpec(letter: DocumentLetter, validatorName: string | null) {
  const data = (letter.data ?? {}) as Answers;
  const read = readLetterAnswers(data);
  const byEmail = new Map(read.referents.map((r) => [r.email, r]));
  const nameOf = (email: string) => (byEmail.get(email) ? fullName(byEmail.get(email)!) : email);
  const e = letter.establishment;
  const sections: PdfSection[] = [
    {
      heading: "Établissement",
      rows: [
        { label: "UAI", value: e.uai },
        { label: "Établissement", value: `${e.name}${e.commune ? `, ${e.commune}` : ""}` },
        { label: "Type", value: ESTABLISHMENT_TYPE_LABELS[e.type] },
        { label: "Effectif", value: letter.pupilCount === null ? "inconnu" : plural(letter.pupilCount, "élève") },
        { label: "Chef d'établissement", value: `${String(data.chef_nom ?? "—")}${data.chef_qualite ? `, ${QUALITY_LABELS[String(data.chef_qualite)] ?? ""}` : ""}` },
      ],
    },
    {
      heading: "Référents désignés",
      rows: read.referents.map((r) => ({
        label: fullName(r) || "—",
        value: [
          [STATUS_LABELS[r.staffStatus ?? ""] ?? "—", r.discipline].filter(Boolean).join(", "),
          r.email,
          r.newcomer ? "nouveau dans la mission" : "déjà référent",
          r.period === "year" ? "toute l'année scolaire" : r.period === "partial" ? `du ${r.startsOn ? formatIso(r.startsOn) : "—"}${r.endsOn ? ` au ${formatIso(r.endsOn)}` : " à la fin de l'année"}` : `remplacement à compter du ${r.startsOn ? formatIso(r.startsOn) : "—"}`,
        ].join(" — "),
      })),
    },
    {
      heading: "Reconnaissance de la mission",
      rows: [
        ...read.referents.map((r) => ({ label: fullName(r) || "—", value: recognitionText(r, byEmail) })),
        { label: "Enveloppe notifiée", value: letter.envelopeCents === null ? "non calculable" : euros(letter.envelopeCents) },
        { label: "Total des IMP attribuées", value: euros(letter.attributedCents) },
        { label: "Complément de l'établissement", value: euros(letter.topUpCents) },
      ],
    },
    {
      heading: "Versement des IMP",
      paragraphs: schedulesOf(read, letter.schoolYearId).map(({ holder, result }) => {
        if (!result.ok) return `${fullName(holder)} : ${result.error.message}`;
        const parts = result.payments.map((p) => `${formatMonth(p.month)} : ${euros(p.amount)} à ${nameOf(p.payee)}`);
        const kind = result.fullYear ? "par neuvièmes, de novembre à juillet" : "après service fait";
        return `IMP de ${fullName(holder)} (${euros(holder.impCents ?? 0)}), versée ${kind} — ${parts.join(" ; ")}.`;
      }),
    },
    {
      heading: "Répartition des missions",
      columns: ["Mission", "Responsables (organisation)"],
      rows: MATRIX_ROWS.map((row) => {
        const cell = (((data.repartition ?? {}) as Answers)[row.key] ?? {}) as Answers;
        const entry = read.split[row.key];
        const who = entry?.notApplicable && row.mayBeNotApplicable ? "Non concerné" : (entry?.responsibleIds ?? []).map(nameOf).join(", ") || "Aucun responsable";
        const organisation = typeof cell.organisation === "string" && cell.organisation.trim() ? ` (${cell.organisation.trim()})` : "";
        return { label: row.fullLabel, value: `${who}${organisation}` };
      }),
    },
    {
      heading: "Priorités et moyens",
      rows: [
        { label: "Priorités de l'année", value: String(data.priorites ?? "—") },
        {
          label: "Moyens mis à disposition",
          value: [
            ...(Array.isArray(data.moyens) ? data.moyens : []).filter((m) => m !== "other").map((m) => MEANS_LABELS[String(m)] ?? String(m)),
            ...(Array.isArray(data.moyens) && data.moyens.includes("other") && data["moyens-Comment"] ? [String(data["moyens-Comment"])] : []),
          ].join(", ") || "—",
        },
        { label: "Formation des nouveaux", value: read.signUpNewcomers ? "Inscription des nouveaux référents à « Entrer dans la fonction de RUPN »" : "Pas d'inscription demandée" },
        { label: "Remarques", value: String(data.remarques ?? "—") },
      ],
    },
    {
      heading: "Signature et validation",
      rows: [
        { label: "Signée par", value: letter.signedAt ? `${letter.signerName ?? "—"}, chef d'établissement, le ${formatDateTime(letter.signedAt)}` : "non signée" },
        { label: "Validée par", value: letter.validatedAt ? `${validatorName ?? "la DANE"}, pour la DANE de l'${academyLabel(e.academy.name)}, le ${formatDateTime(letter.validatedAt)}` : "non validée" },
      ],
    },
  ];
  return {
    header: `${capitalize(academyLabel(e.academy.name))} — Délégation de région académique au numérique éducatif (DANE)`,
    title: "Lettre de mission des référents RUPN",
    subtitle: `Année scolaire ${letter.schoolYearId} — ${e.name} (${e.uai}) — circulaire n° 2015-058 du 29 avril 2015`,
    sections: sections.map((s) => ({
      heading: safe(s.heading),
      columns: s.columns?.map(safe) as [string, string] | undefined,
      rows: s.rows?.map((r) => ({ label: safe(r.label), value: safe(r.value) })),
      paragraphs: s.paragraphs?.map(safe),
    })),
    closing: [safe(`Document établi le ${formatDate(letter.validatedAt ?? new Date())} par la plateforme RUPN.`)],
    subject: `Lettre de mission RUPN ${letter.schoolYearId} — ${e.name}`,
    footer: safe(`Lettre de mission RUPN ${letter.schoolYearId} — ${e.name} (${e.uai})`),
  };
}

export function letterPdfFileName(letter: { schoolYearId: string; establishment: { uai: string } }) {
  return `lettre-de-mission-${letter.establishment.uai}-${letter.schoolYearId}.pdf`;
}

/**
 * The PDF of a validated letter: the stored one when it matches the letter's version, otherwise rendered and
 * stored (the first writer wins when two workers render at once, so everyone gets the same bytes).
 */
export async function missionLetterPdf(letterId: string, client: Tx = db): Promise<{ pdf: Buffer; fileName: string }> {
  const letter = await client.missionLetter.findUniqueOrThrow({ where: { id: letterId }, select: documentSelect });
  const fileName = letterPdfFileName(letter);
  const stored = await client.missionLetterDocument.findUnique({ where: { letterId } });
  if (stored && stored.letterVersion === letter.version) return { pdf: Buffer.from(stored.pdf), fileName };
  const validator = letter.validatedById ? await client.user.findUnique({ where: { id: letter.validatedById }, select: { firstName: true, lastName: true } }) : null;
  const pdf = await renderPdf(letterDocumentSpec(letter, validator ? `${validator.firstName} ${validator.lastName}` : null));
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  if (letter.status !== "VALIDATED") return { pdf, fileName };
  try {
    if (stored) await client.missionLetterDocument.update({ where: { letterId, letterVersion: stored.letterVersion }, data: { letterVersion: letter.version, pdf: new Uint8Array(pdf), sha256 } });
    else await client.missionLetterDocument.create({ data: { letterId, letterVersion: letter.version, pdf: new Uint8Array(pdf), sha256 } });
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError)) throw error;
    const winner = await client.missionLetterDocument.findUniqueOrThrow({ where: { letterId } });
    return { pdf: Buffer.from(winner.pdf), fileName };
  }
  return { pdf, fileName };
}
