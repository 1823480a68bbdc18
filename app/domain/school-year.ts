// A school year runs from 1 September to 31 August and is named "2025-2026".
export function schoolYearIdFor(date: Date): string {
  const year = date.getUTCFullYear();
  const start = date.getUTCMonth() >= 8 ? year : year - 1;
  return `${start}-${start + 1}`;
}

export function schoolYearBounds(id: string): { startsOn: Date; endsOn: Date } {
  const match = /^(\d{4})-(\d{4})$/.exec(id);
  if (!match || Number(match[2]) !== Number(match[1]) + 1) {
    throw new Error(`Année scolaire invalide : « ${id} » (attendu : 2025-2026).`);
  }
  const start = Number(match[1]);
  return { startsOn: new Date(Date.UTC(start, 8, 1)), endsOn: new Date(Date.UTC(start + 1, 7, 31)) };
}

/** The school year of a rentrée: rentrée 2025 → "2025-2026". */
export function schoolYearOfRentree(rentreeYear: number): string {
  return `${rentreeYear}-${rentreeYear + 1}`;
}
