import { describe, expect, it } from "vitest";
import { checkUai, isValidUai, uaiCheckLetter } from "../../app/domain/uai.ts";

describe("UAI", () => {
  it("accepts real UAIs from the Annuaire de l'éducation", () => {
    for (const uai of ["0350122T", "0350165P", "0352958A", "0351906G"]) expect(isValidUai(uai)).toBe(true);
  });

  it("computes the check letter modulo 23 without I, O, Q", () => {
    expect(uaiCheckLetter("0350122")).toBe("T");
    expect(uaiCheckLetter("0000000")).toBe("A");
    expect(uaiCheckLetter("0000022")).toBe("Z");
    expect(uaiCheckLetter("0000008")).toBe("J");
  });

  it("normalises case and spaces", () => {
    expect(checkUai(" 0350122t ")).toEqual({ ok: true, uai: "0350122T" });
  });

  it("rejects a wrong key with the expected letter in French", () => {
    const result = checkUai("0350122A");
    expect(result).toEqual({ ok: false, reason: "UAI 0350122A : la lettre clé devrait être T." });
  });

  it("rejects malformed input", () => {
    for (const bad of ["", "035012T", "03501222T", "ABCDEFGH", "0350122", "0350122-"]) {
      const result = checkUai(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/7 chiffres suivis d'une lettre/);
    }
  });
});
