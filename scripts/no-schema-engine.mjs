#!/usr/bin/env node
// Stand-in for Prisma's native schema engine, which cannot be downloaded on offline machines.
// `prisma generate` only needs the variable to name an executable; migration commands must go
// through the WASM engine instead (docs/decisions/003-migrations-wasm-engine.md).
console.error(
  "Le moteur de schéma natif de Prisma n'est pas installé sur cette machine.\n" +
    "Utilisez `npm run db:migrate -- <nom>` pour créer une migration et `npm run db:deploy` pour les appliquer.",
);
process.exit(1);
