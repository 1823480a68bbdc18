// Exports of a person's file (right of access, ADR 020): the JSON document, and a workbook a person can read
// (one sheet per part). Each export is written to the audit log with who, when and in which format.
import ExcelJS from "exceljs";
import { db } from "../../db/db.server.ts";
import type { Actor } from "../../domain/permissions.ts";
import { ROLE_LABELS, type RoleName } from "../../domain/permissions.ts";
import { audit } from "../audit.server.ts";
import { personFile, type PersonFile } from "./person-file.server.ts";

export type ExportFormat = "json" | "xlsx";

const euros = (cents: number | null) => (cents === null ? null : cents / 100);

export async function exportPersonFile(actor: Actor, personId: string, format: ExportFormat, ip: string | null) {
  const file = await personFile(actor, personId);
  await audit(db, { actorId: actor.userId, action: "rgpd.export", entityType: "User", entityId: personId, summary: { format }, ip });
  const base = `donnees-personnelles-${file.account.id}-${file.generatedAt.slice(0, 10)}`;
  if (format === "json") {
    return { fileName: `${base}.json`, contentType: "application/json; charset=utf-8", body: Buffer.from(JSON.stringify(file, null, 2), "utf8") };
  }
  return { fileName: `${base}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: await personWorkbook(file) };
}

function sheet(book: ExcelJS.Workbook, name: string, headers: string[], rows: unknown[][]) {
  const ws = book.addWorksheet(name);
  ws.addRow(headers).font = { bold: true };
  for (const row of rows) ws.addRow(row.map((v) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : v)));
  if (rows.length === 0) ws.addRow(["Aucune donnée."]);
  ws.columns.forEach((c) => (c.width = 24));
  return ws;
}

export async function personWorkbook(file: PersonFile): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = "Plateforme RUPN";
  const a = file.account;
  sheet(book, "Compte", ["Champ", "Valeur"], [
    ["Identifiant", a.id], ["Prénom", a.firstName], ["Nom", a.lastName], ["Adresse électronique", a.email],
    ["Compte ouvert le", a.createdAt], ["Effacé le", a.erasedAt], ["Extrait le", file.generatedAt],
  ]);
  sheet(book, "Rôles", ["Rôle", "Académie", "Établissement", "UAI", "Année scolaire", "Depuis"], file.roles.map((r) => [
    ROLE_LABELS[r.role as RoleName] ?? r.role, r.academy, r.establishment?.name, r.establishment?.uai, r.schoolYearId ?? "toutes", r.since,
  ]));
  sheet(book, "Lettres de mission", ["Année", "Établissement", "UAI", "État", "Prénom", "Nom", "Adresse", "Statut", "Discipline", "Nouveau", "IMP (€)", "Allègement (h)", "Début", "Fin", "Remplace"],
    file.letters.referent.map((l) => [l.schoolYearId, l.establishment.name, l.establishment.uai, l.status, l.firstName, l.lastName, l.email, l.staffStatus, l.discipline, l.newcomer ? "oui" : "non", euros(l.impCents), l.reliefHours, l.startsOn, l.endsOn, l.replacesEmail]));
  sheet(book, "Actes sur les lettres", ["Année", "Établissement", "UAI", "État", "Actes", "Signataire"],
    file.letters.acted.map((l) => [l.schoolYearId, l.establishment.name, l.establishment.uai, l.status, l.acts.join(", "), l.signerName]));
  sheet(book, "Versements IMP", ["Année", "Établissement", "Mois", "Montant (€)", "Modalité"],
    file.payments.flatMap((p) => p.payments.map((x) => [p.schoolYearId, p.establishment.name, x.month, euros(x.amountCents), p.note])));
  sheet(book, "Bilans", ["Campagne", "Année", "Établissement", "État", "Envoyé le", "Texte libre effacé le", "Réponses"],
    file.bilans.map((b) => [b.campaign, b.schoolYearId, b.establishment.name, b.status, b.submittedAt, b.freeTextClearedAt, b.answers]));
  sheet(book, "Formations", ["Formation", "Début", "Fin", "Inscription", "Statut", "Présence", "Inscrit le", "Annulé le"],
    file.trainings.map((t) => [t.course, t.startsAt, t.endsAt, t.kind, t.status, t.attended === null ? "non relevée" : t.attended ? "présent·e" : "absent·e", t.registeredAt, t.cancelledAt]));
  sheet(book, "Courriels", ["Date", "Destinataire", "Objet", "État", "Envoyé le", "Pièces jointes", "Texte"],
    file.mails.map((m) => [m.createdAt, m.recipient, m.subject, m.status, m.sentAt, m.attachments.join(", "), m.textBody]));
  sheet(book, "Connexions", ["Type", "Date", "Détail", "Adresse IP"], [
    ...file.signIns.events.map((e) => [e.action, e.at, e.summary, e.ip]),
    ...file.signIns.sessions.map((s) => ["session", s.createdAt, `${s.method}, expire le ${s.expiresAt}`, null]),
    ...file.signIns.loginLinks.map((t) => ["lien de connexion", t.createdAt, t.usedAt ? `utilisé le ${t.usedAt}` : "non utilisé", t.ip]),
    ...file.signIns.linkedIdentities.map((i) => ["identité ProConnect", i.createdAt, `${i.idpId} / ${i.uid}`, null]),
  ]);
  sheet(book, "Journal des accès", ["Date", "Action", "Donnée", "Par", "Adresse IP"],
    file.accessLog.map((e) => [e.at, e.action, `${e.entityType} ${e.entityId ?? ""}`, e.actor ? `${e.actor.name} <${e.actor.email}>` : "plateforme", e.ip]));
  return Buffer.from(await book.xlsx.writeBuffer());
}
