import { describe, expect, it } from "vitest";
import { eurosToCents, formatEuros, formatEurosList, isCents, sumCents } from "../../../app/domain/imp/money.ts";
import { LEGAL_IMP_RATES_2015, isLegalImpRate } from "../../../app/domain/imp/rates.ts";

const NNBSP = "\u202F"; // narrow no-break space: thousands separator of fr-FR
const NBSP = "\u00A0"; // no-break space: before the euro sign in fr-FR

describe("money in cents", () => {
  it("converts euros to integer cents and refuses sub-cent precision", () => {
    expect(eurosToCents(312.5)).toBe(31_250);
    expect(eurosToCents(1250)).toBe(125_000);
    expect(eurosToCents(0.1 + 0.2)).toBe(30);
    expect(() => eurosToCents(1.005)).toThrow(/Montant invalide/);
    expect(() => eurosToCents(Number.NaN)).toThrow(/Montant invalide/);
  });

  it("sums exactly and recognises cents", () => {
    expect(sumCents([31_250, 62_500, 125_000])).toBe(218_750);
    expect(isCents(31_250)).toBe(true);
    expect(isCents(312.5)).toBe(false);
  });

  it("formats in French as Intl fr-FR does, with no-break spaces", () => {
    expect(formatEuros(31_250)).toBe(`312,50${NBSP}€`);
    expect(formatEuros(125_000)).toBe(`1${NNBSP}250,00${NBSP}€`);
    expect(formatEuros(375_000)).toBe(`3${NNBSP}750,00${NBSP}€`);
    expect(formatEuros(0)).toBe(`0,00${NBSP}€`);
    expect(formatEuros(31_250)).toBe(new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" }).format(312.5));
  });

  it("lists amounts in French", () => {
    expect(formatEurosList([31_250, 62_500, 125_000])).toBe(`312,50${NBSP}€, 625,00${NBSP}€ et 1${NNBSP}250,00${NBSP}€`);
    expect(formatEurosList([62_500])).toBe(`625,00${NBSP}€`);
  });
});

describe("legal IMP rates (arrêté du 27 avril 2015)", () => {
  it.each([31_250, 62_500, 125_000, 250_000, 375_000])("accepts %i cents", (rate) => {
    expect(isLegalImpRate(rate)).toBe(true);
  });
  it.each([100_000, 0, -125_000, 125_001])("rejects %i cents", (rate) => {
    expect(isLegalImpRate(rate)).toBe(false);
  });
  it("has exactly the five rates of the circular", () => {
    expect(LEGAL_IMP_RATES_2015).toEqual([31_250, 62_500, 125_000, 250_000, 375_000]);
  });
});
