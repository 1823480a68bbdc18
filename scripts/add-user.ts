// npm run user:add -- EMAIL --prenom P --nom N --role ADMIN|NATIONAL|DANE|RECTORAT|CHEF|RUPN --academie CODE [--uai UAI] [--annee 2025-2026]
// NATIONAL (the ministry's read-only national view, ADR 022) and ADMIN cover every académie: --academie only names
// the académie the grant row is attached to.
// Creates (or completes) an account on the database named by DATABASE_URL (or the embedded one): the way to
// create the first administrator of a real server, which has no demo accounts.
import { parseArgs } from "node:util";
import { z } from "zod";
import { bootDatabaseOrExit } from "../app/db/boot.server.ts";
import { disconnectDb, getDb } from "../app/db/db.server.ts";
import { checkUai } from "../app/domain/uai.ts";
import { ROLES } from "../app/domain/permissions.ts";
import { audit } from "../app/services/audit.server.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    prenom: { type: "string" },
    nom: { type: "string" },
    role: { type: "string" },
    academie: { type: "string" },
    uai: { type: "string" },
    annee: { type: "string" },
  },
});

const input = z
  .object({
    email: z.email({ error: "Adresse électronique invalide." }).transform((e) => e.toLowerCase()),
    prenom: z.string({ error: "--prenom est obligatoire." }).min(1),
    nom: z.string({ error: "--nom est obligatoire." }).min(1),
    role: z.enum(ROLES, { error: `--role doit valoir ${ROLES.join(", ")}.` }),
    academie: z.string({ error: "--academie (code de l'académie, ex. 14) est obligatoire." }).min(1),
    uai: z.string().optional(),
    annee: z.string().regex(/^\d{4}-\d{4}$/, "--annee attend 2025-2026.").optional(),
  })
  .safeParse({ email: positionals[0], ...values });

if (!input.success) {
  console.error(input.error.issues.map((i) => i.message).join("\n"));
  process.exit(2);
}
const args = input.data;
const database = await bootDatabaseOrExit({ seedDemo: false, log: (m) => console.error(m) });
let code = 0;
try {
  const db = getDb();
  const academy = await db.academy.findUnique({ where: { code: args.academie } });
  if (!academy) throw new Error(`Académie ${args.academie} inconnue : importez d'abord l'Annuaire de l'éducation.`);
  let establishmentId: string | null = null;
  if (args.role === "CHEF" || args.role === "RUPN") {
    const check = checkUai(args.uai ?? "");
    if (!check.ok) throw new Error(args.uai ? check.reason : "--uai est obligatoire pour un chef d'établissement ou un RUPN.");
    const establishment = await db.establishment.findFirst({ where: { uai: check.uai, academyId: academy.id } });
    if (!establishment) throw new Error(`Établissement ${check.uai} introuvable dans l'académie ${args.academie}.`);
    establishmentId = establishment.id;
  }
  await db.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email: args.email },
      update: {},
      create: { email: args.email, firstName: args.prenom, lastName: args.nom },
    });
    if (args.annee) {
      await tx.$executeRaw`INSERT INTO "SchoolYear" (id, "startsOn", "endsOn") VALUES (${args.annee}, make_date(${Number(args.annee.slice(0, 4))}::int, 9, 1), make_date(${Number(args.annee.slice(0, 4)) + 1}::int, 8, 31)) ON CONFLICT (id) DO NOTHING`;
    }
    const role = await tx.roleAssignment.create({
      data: { userId: user.id, role: args.role, academyId: academy.id, establishmentId, schoolYearId: args.annee ?? null },
    });
    await audit(tx, { actorId: null, action: "role-granted-cli", entityType: "RoleAssignment", entityId: role.id, summary: { email: args.email, role: args.role } });
  });
  console.log(`Compte ${args.email} : rôle ${args.role} ajouté.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  code = 1;
}
await disconnectDb();
await database.embedded?.stop();
process.exit(code);
