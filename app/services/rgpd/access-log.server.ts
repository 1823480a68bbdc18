// The access log view (ADR 020): who read or exported which establishment's or person's data, within the DANE's
// académie (everything for the administrator), filtered, paginated, exported as CSV.
import { Prisma } from "../../generated/prisma/client.ts";
import { db } from "../../db/db.server.ts";
import type { Actor } from "../../domain/permissions.ts";
import type { AccessLogFilters } from "../../domain/rgpd/access-log-filters.ts";
import { csvField } from "../../domain/dashboards/table.ts";
import { accessActionLabel } from "../../domain/rgpd/labels.ts";
import { formatDateTime } from "../../domain/format/fr.ts";
import { ACCESS_ACTIONS } from "./person-file.server.ts";
import { rgpdScope } from "./scope.server.ts";

export const PAGE_SIZE = 50;
const CSV_LIMIT = 100_000;

export type AccessLogRow = {
  id: string;
  at: Date;
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  actorName: string | null;
  actorEmail: string | null;
  personId: string | null;
  personName: string | null;
  establishmentName: string | null;
  establishmentUai: string | null;
};

const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereSql(actor: Actor, f: AccessLogFilters): Prisma.Sql {
  const scope = rgpdScope(actor);
  const parts: Prisma.Sql[] = [];
  if (scope.kind === "academies") {
    const ids = scope.academyIds;
    parts.push(Prisma.sql`(ev.academy_id IN (${Prisma.join(ids)}) OR (ev."entityType" = 'User' AND (
      EXISTS (SELECT 1 FROM "RoleAssignment" ra WHERE ra."userId" = ev.person_id AND ra."academyId" IN (${Prisma.join(ids)}))
      OR EXISTS (SELECT 1 FROM "SurveyResponse" sr JOIN "Establishment" se ON se.id = sr."establishmentId" WHERE sr."respondentId" = ev.person_id AND se."academyId" IN (${Prisma.join(ids)}))
      OR EXISTS (SELECT 1 FROM "TrainingRegistration" tr JOIN "TrainingSession" tss ON tss.id = tr."sessionId" JOIN "TrainingCourse" tc ON tc.id = tss."courseId" WHERE tr."userId" = ev.person_id AND tc."academyId" IN (${Prisma.join(ids)}))
      OR EXISTS (SELECT 1 FROM "AuditEvent" er, jsonb_array_elements_text(CASE WHEN jsonb_typeof(er.summary -> 'academyIds') = 'array' THEN er.summary -> 'academyIds' ELSE '[]'::jsonb END) AS ea(id)
        WHERE er.action = 'rgpd.erase' AND er."entityType" = 'User' AND er."entityId" = ev.person_id AND ea.id IN (${Prisma.join(ids)})))))`);
  }
  if (f.personneId) parts.push(Prisma.sql`ev.person_id = ${f.personneId}`);
  if (f.personne) {
    const p = like(f.personne);
    parts.push(Prisma.sql`(p."firstName" || ' ' || p."lastName" ILIKE ${p} OR p."lastName" || ' ' || p."firstName" ILIKE ${p} OR p.email ILIKE ${p})`);
  }
  if (f.etablissement) parts.push(Prisma.sql`(est.uai = ${f.etablissement.toUpperCase()} OR est.name ILIKE ${like(f.etablissement)})`);
  if (f.auteur) {
    const a = like(f.auteur);
    parts.push(Prisma.sql`(a."firstName" || ' ' || a."lastName" ILIKE ${a} OR a."lastName" || ' ' || a."firstName" ILIKE ${a} OR a.email ILIKE ${a})`);
  }
  const parisDay = Prisma.sql`((ev."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Paris')::date`;
  if (f.du) parts.push(Prisma.sql`${parisDay} >= ${f.du}::date`);
  if (f.au) parts.push(Prisma.sql`${parisDay} <= ${f.au}::date`);
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

function baseSql(actor: Actor, f: AccessLogFilters, select: Prisma.Sql, tail: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH ev AS (
      SELECT e.id, e."createdAt", e.action, e."entityType", e."entityId", e.ip, e."actorId",
        COALESCE(es.id, ls.id, rs.id) AS est_id,
        CASE WHEN e."entityType" = 'User' THEN e."entityId" WHEN e."entityType" = 'SurveyResponse' THEN r."respondentId" END AS person_id,
        COALESCE(es."academyId", ls."academyId", rs."academyId", c."academyId") AS academy_id
      FROM "AuditEvent" e
      LEFT JOIN "Establishment" es ON e."entityType" = 'Establishment' AND es.id = e."entityId"
      LEFT JOIN "MissionLetter" l ON e."entityType" = 'MissionLetter' AND l.id = e."entityId"
      LEFT JOIN "Establishment" ls ON ls.id = l."establishmentId"
      LEFT JOIN "SurveyResponse" r ON e."entityType" = 'SurveyResponse' AND r.id = e."entityId"
      LEFT JOIN "Establishment" rs ON rs.id = r."establishmentId"
      LEFT JOIN "TrainingSession" ts ON e."entityType" = 'TrainingSession' AND ts.id = e."entityId"
      LEFT JOIN "TrainingCourse" c ON c.id = ts."courseId"
      WHERE e.action IN (${Prisma.join([...ACCESS_ACTIONS])})
    )
    SELECT ${select}
    FROM ev
    LEFT JOIN "User" a ON a.id = ev."actorId"
    LEFT JOIN "User" p ON p.id = ev.person_id
    LEFT JOIN "Establishment" est ON est.id = ev.est_id
    ${whereSql(actor, f)}
    ${tail}`;
}

const COLUMNS = Prisma.sql`ev.id, ev."createdAt" AS at, ev.action, ev."entityType", ev."entityId", ev.ip,
  a."firstName" || ' ' || a."lastName" AS "actorName", a.email AS "actorEmail",
  ev.person_id AS "personId", p."firstName" || ' ' || p."lastName" AS "personName",
  est.name AS "establishmentName", est.uai AS "establishmentUai"`;

export async function accessLog(actor: Actor, f: AccessLogFilters) {
  const [{ total }] = await db.$queryRaw<{ total: bigint }[]>(baseSql(actor, f, Prisma.sql`count(*) AS total`, Prisma.empty));
  const pages = Math.max(1, Math.ceil(Number(total) / PAGE_SIZE));
  const page = Math.min(f.page, pages);
  const rows = await db.$queryRaw<AccessLogRow[]>(
    baseSql(actor, f, COLUMNS, Prisma.sql`ORDER BY ev."createdAt" DESC, ev.id DESC LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`),
  );
  return { total: Number(total), page, pages, rows };
}

export function describeSubject(r: AccessLogRow): string {
  if (r.personName) return r.personName;
  if (r.establishmentName) return `${r.establishmentName} (${r.establishmentUai})`;
  return r.entityId ?? "—";
}

export async function accessLogCsv(actor: Actor, f: AccessLogFilters): Promise<string> {
  const rows = await db.$queryRaw<AccessLogRow[]>(baseSql(actor, f, COLUMNS, Prisma.sql`ORDER BY ev."createdAt" DESC, ev.id DESC LIMIT ${CSV_LIMIT}`));
  const line = (cells: (string | null)[]) => cells.map(csvField).join(";") + "\r\n";
  return (
    "\uFEFF" +
    line(["Date", "Action", "Personne", "Établissement", "UAI", "Consulté par", "Adresse électronique", "Adresse IP"]) +
    rows
      .map((r) => line([formatDateTime(r.at), accessActionLabel(r.action, r.entityType), r.personName, r.establishmentName, r.establishmentUai, r.actorName ?? "la plateforme", r.actorEmail, r.ip]))
      .join("")
  );
}
