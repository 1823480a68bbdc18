// Money in integer euro cents: 312,50 € is 31250. Never floats for amounts — ninths of an IMP and sums of
// attributions must add up to the cent, and float euros do not.

/** An amount in euro cents (an integer). */
export type Cents = number;

export function isCents(value: unknown): value is Cents {
  return typeof value === "number" && Number.isSafeInteger(value);
}

/** Euros (as typed in a form, e.g. 312.5) → cents. Rejects sub-cent precision rather than rounding silently. */
export function eurosToCents(euros: number): Cents {
  const cents = Math.round(euros * 100);
  if (!Number.isFinite(euros) || Math.abs(euros * 100 - cents) > 1e-6) {
    throw new RangeError(`Montant invalide : ${euros} € (au plus deux décimales).`);
  }
  return cents;
}

export function centsToEuros(cents: Cents): number {
  return cents / 100;
}

export function sumCents(amounts: Iterable<Cents>): Cents {
  let total = 0;
  for (const amount of amounts) total += amount;
  return total;
}

const EUROS = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });

/**
 * French display of an amount, exactly as Intl fr-FR gives it: "312,50 €", "1 250,00 €" — the thousands
 * separator is a narrow no-break space (U+202F) and the space before "€" a no-break space (U+00A0), so an
 * amount never wraps across lines in the letter or its PDF.
 */
export function formatEuros(cents: Cents): string {
  return EUROS.format(cents / 100);
}

/** French list of amounts: "312,50 €, 625,00 € et 1 250,00 €". */
export function formatEurosList(amounts: readonly Cents[]): string {
  const parts = amounts.map(formatEuros);
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} et ${parts[parts.length - 1]}`;
}
