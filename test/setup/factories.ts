// Builders for integration tests: real rows through the real client.
import { randomBytes } from "node:crypto";
import { getDb } from "../../app/db/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { schoolYearBounds, schoolYearIdFor } from "../../app/domain/school-year.ts";
import { uaiCheckLetter } from "../../app/domain/uai.ts";
import type { RoleName } from "../../app/domain/permissions.ts";

let uaiCounter = 9_000_000 + Math.floor(Math.random() * 500_000);

export function makeUai() {
  const digits = String(uaiCounter++ % 10_000_000).padStart(7, "0");
  return digits + uaiCheckLetter(digits);
}

export async function ensureCurrentSchoolYear() {
  const id = schoolYearIdFor(new Date());
  await getDb().schoolYear.upsert({ where: { id }, update: {}, create: { id, ...schoolYearBounds(id) } });
  return id;
}

export async function makeAcademy(name = `Académie ${randomBytes(3).toString("hex")}`) {
  return getDb().academy.create({ data: { code: randomBytes(4).toString("hex"), name } });
}

type EstablishmentOverrides = Partial<{
  name: string;
  type: "COLLEGE" | "LYCEE" | "LYCEE_PRO" | "EREA";
  uai: string;
  sector: "PUBLIC" | "PRIVATE";
  departmentCode: string;
  departmentName: string;
  basinCode: string;
  basinName: string;
  priorityEducation: string;
}>;

export async function makeEstablishment(academyId: string, overrides: EstablishmentOverrides = {}) {
  return getDb().establishment.create({
    data: {
      sector: "PUBLIC",
      commune: "Rennes",
      ...overrides,
      uai: overrides.uai ?? makeUai(),
      name: overrides.name ?? `Collège ${randomBytes(3).toString("hex")}`,
      type: overrides.type ?? "COLLEGE",
      academyId,
    },
  });
}

export async function makeUser(
  grants: { role: RoleName; academyId: string; establishmentId?: string | null; schoolYearId?: string | null }[],
  email = `user-${randomBytes(4).toString("hex")}@test.example`,
) {
  return getDb().user.create({
    data: {
      email,
      firstName: "Prénom",
      lastName: "Nom",
      roles: {
        create: grants.map((g) => ({
          role: g.role,
          academyId: g.academyId,
          establishmentId: g.establishmentId ?? null,
          schoolYearId: g.schoolYearId ?? null,
        })),
      },
    },
  });
}

/** A request carrying a real session cookie for the user. */
export async function signedRequest(userId: string, url: string, init: RequestInit = {}) {
  const setCookie = await createSession(userId);
  const headers = new Headers(init.headers);
  headers.set("Cookie", setCookie.split(";")[0]);
  return new Request(url, { ...init, headers });
}
