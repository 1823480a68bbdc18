// The parts of a person's file (ADR 020), as tables: the page shows what the exports contain.
import { Link } from "@remix-run/react";
import { DataTable } from "../DataTable.tsx";
import { formatDateTime } from "../../domain/format/fr.ts";
import { formatEuros } from "../../domain/imp/money.ts";
import { ROLE_LABELS, type RoleName } from "../../domain/permissions.ts";
import { accessActionLabel } from "../../domain/rgpd/labels.ts";

type Establishment = { uai: string; name: string };
export type PersonFileData = {
  account: { id: string; firstName: string; lastName: string; email: string; createdAt: string | null; erasedAt: string | null };
  roles: { role: string; academy: string; establishment: Establishment | null; schoolYearId: string | null; since: string | null }[];
  letters: {
    referent: { letterId: string; schoolYearId: string; status: string; establishment: Establishment; firstName: string; lastName: string; impCents: number | null; reliefHours: number | null; asReplacement: boolean }[];
    acted: { letterId: string; schoolYearId: string; status: string; establishment: Establishment; acts: string[] }[];
  };
  payments: { letterId: string; schoolYearId: string; establishment: Establishment; note: string; totalCents: number }[];
  bilans: { id: string; campaign: string; establishment: Establishment; status: string; submittedAt: string | null; freeTextClearedAt: string | null; answers: unknown }[];
  trainings: { id: string; course: string; startsAt: string | null; status: string; attended: boolean | null }[];
  mails: { id: string; subject: string; status: string; createdAt: string | null }[];
  signIns: { events: { action: string; at: string | null; ip: string | null }[]; sessions: unknown[]; loginLinks: unknown[]; linkedIdentities: { idpId: string; uid: string }[] };
  accessLog: { id: string; at: string | null; action: string; entityType: string; actor: { name: string; email: string } | null; ip: string | null }[];
};

const when = (iso: string | null) => (iso ? formatDateTime(iso) : "—");
const empty = (n: number, text: string) => (n === 0 ? <p>{text}</p> : null);

export function PersonFileView({ file }: { file: PersonFileData }) {
  const a = file.account;
  return (
    <>
      <h2>Compte</h2>
      <ul data-testid="account">
        <li>Prénom et nom : {a.erasedAt ? "effacés" : `${a.firstName} ${a.lastName}`}</li>
        <li>Adresse électronique : {a.erasedAt ? "effacée" : a.email}</li>
        <li>Compte ouvert le {when(a.createdAt)}</li>
        {a.erasedAt ? <li>Effacé le {when(a.erasedAt)}</li> : null}
      </ul>

      <h2>Rôles et désignations</h2>
      {empty(file.roles.length, "Aucun rôle dans votre périmètre.")}
      {file.roles.length ? (
        <DataTable caption="Rôles" hideCaption headers={["Rôle", "Où", "Année scolaire", "Depuis"]}
          rows={file.roles.map((r, i) => ({ key: String(i), cells: [ROLE_LABELS[r.role as RoleName] ?? r.role, r.establishment ? `${r.establishment.name} (${r.establishment.uai})` : r.academy, r.schoolYearId ?? "toutes", when(r.since)] }))} />
      ) : null}

      <h2>Lettres de mission et IMP</h2>
      {empty(file.letters.referent.length + file.letters.acted.length, "Aucune lettre de mission.")}
      {file.letters.referent.length ? (
        <DataTable caption="Lettres où la personne est référente" testId="letters" headers={["Année", "Établissement", "État", "Reconnaissance"]}
          rows={file.letters.referent.map((l, i) => ({
            key: `${l.letterId}-${i}`,
            cells: [l.schoolYearId, <Link key="l" to={`/lettres/${l.letterId}`}>{l.establishment.name}</Link>, l.status,
              l.asReplacement ? "remplacée par une autre personne" : l.impCents ? `IMP ${formatEuros(l.impCents)}` : l.reliefHours ? `allègement ${l.reliefHours} h` : "—"],
          }))} />
      ) : null}
      {file.letters.acted.length ? (
        <DataTable caption="Lettres ouvertes, soumises, signées ou validées par la personne" headers={["Année", "Établissement", "État", "Actes"]}
          rows={file.letters.acted.map((l) => ({ key: l.letterId, cells: [l.schoolYearId, l.establishment.name, l.status, l.acts.join(", ")] }))} />
      ) : null}
      {file.payments.length ? (
        <DataTable caption="Versements d'IMP (lettres validées)" testId="payments" headers={["Année", "Établissement", "Modalité", "Total"]}
          rows={file.payments.map((p, i) => ({ key: String(i), cells: [p.schoolYearId, p.establishment.name, p.note, formatEuros(p.totalCents)] }))} />
      ) : null}

      <h2>Bilans annuels</h2>
      {empty(file.bilans.length, "Aucun bilan.")}
      {file.bilans.length ? (
        <DataTable caption="Bilans" hideCaption testId="bilans" headers={["Campagne", "Établissement", "État", "Envoyé le", "Texte libre"]}
          rows={file.bilans.map((b) => ({ key: b.id, cells: [b.campaign, b.establishment.name, b.status === "SUBMITTED" ? "envoyé" : "brouillon", when(b.submittedAt), b.freeTextClearedAt ? `effacé le ${when(b.freeTextClearedAt)}` : "conservé"] }))} />
      ) : null}

      <h2>Formations</h2>
      {empty(file.trainings.length, "Aucune inscription.")}
      {file.trainings.length ? (
        <DataTable caption="Inscriptions aux formations" hideCaption headers={["Formation", "Date", "Statut", "Présence"]}
          rows={file.trainings.map((t) => ({ key: t.id, cells: [t.course, when(t.startsAt), t.status, t.attended === null ? "non relevée" : t.attended ? "présent·e" : "absent·e"] }))} />
      ) : null}

      <h2>Courriels envoyés</h2>
      {empty(file.mails.length, "Aucun courriel.")}
      {file.mails.length ? (
        <DataTable caption="Courriels" hideCaption headers={["Date", "Objet", "État"]}
          rows={file.mails.map((m) => ({ key: m.id, cells: [when(m.createdAt), m.subject, m.status] }))} />
      ) : null}

      <h2>Connexions</h2>
      <p>
        {file.signIns.sessions.length} session(s) ouverte(s), {file.signIns.loginLinks.length} lien(s) de connexion conservé(s),{" "}
        {file.signIns.linkedIdentities.length} identité(s) ProConnect reliée(s).
      </p>
      {file.signIns.events.length ? (
        <DataTable caption="Journal des connexions" headers={["Date", "Événement", "Adresse IP"]}
          rows={file.signIns.events.map((e, i) => ({ key: String(i), cells: [when(e.at), e.action, e.ip ?? "—"] }))} />
      ) : null}

      <h2>Journal des accès à ses données</h2>
      {empty(file.accessLog.length, "Personne n'a encore consulté ses données.")}
      {file.accessLog.length ? (
        <DataTable caption="Qui a consulté ses données, et quand" testId="access-log" headers={["Date", "Action", "Par", "Adresse IP"]}
          rows={file.accessLog.map((e) => ({ key: e.id, cells: [when(e.at), accessActionLabel(e.action, e.entityType), e.actor ? `${e.actor.name} (${e.actor.email})` : "la plateforme", e.ip ?? "—"] }))} />
      ) : null}
    </>
  );
}
