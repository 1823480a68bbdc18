// The legal annual rates of the IMP (arrêté du 27 avril 2015, circulaire n° 2015-058): "5 taux annuels
// forfaitaires de 312,50 €, 625 €, 1 250 €, 2 500 € et 3 750 €". The rate tables themselves are national;
// every check takes them as a parameter so that a new arrêté is a data change, not a code change.
import { type Cents, formatEuros, formatEurosList } from "./money.ts";

export const LEGAL_IMP_RATES_2015: readonly Cents[] = [31_250, 62_500, 125_000, 250_000, 375_000];

export function isLegalImpRate(amount: Cents, legalRates: readonly Cents[] = LEGAL_IMP_RATES_2015): boolean {
  return legalRates.includes(amount);
}

/** "les taux annuels légaux sont 312,50 €, 625,00 €, 1 250,00 €, 2 500,00 € et 3 750,00 €" */
export function legalRatesSentence(legalRates: readonly Cents[] = LEGAL_IMP_RATES_2015): string {
  return `les taux annuels légaux de l'IMP sont ${formatEurosList([...legalRates].sort((a, b) => a - b))}`;
}

export function describeIllegalRate(amount: Cents, legalRates?: readonly Cents[]): string {
  return `${formatEuros(amount)} n'est pas un taux d'IMP autorisé : ${legalRatesSentence(legalRates)}.`;
}
