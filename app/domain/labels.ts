export const ESTABLISHMENT_TYPE_LABELS = {
  COLLEGE: "Collège",
  LYCEE: "Lycée",
  LYCEE_PRO: "Lycée professionnel",
  EREA: "EREA",
  OTHER: "Autre",
} as const;

export const SECTOR_LABELS = { PUBLIC: "Public", PRIVATE: "Privé" } as const;

export function formatCount(n: number | null | undefined) {
  return n === null || n === undefined ? "—" : new Intl.NumberFormat("fr-FR").format(n);
}
