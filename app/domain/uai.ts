// UAI (unité administrative immatriculée): 7 digits followed by a check letter.
// The letter is the remainder of the 7-digit number divided by 23, read in an alphabet without I, O and Q.
const KEY_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ";

export type UaiCheck = { ok: true; uai: string } | { ok: false; reason: string };

export function uaiCheckLetter(digits: string): string {
  return KEY_ALPHABET[Number(digits) % 23];
}

/** Normalises (trim, upper case) and validates a UAI, with a French reason when it is wrong. */
export function checkUai(input: string): UaiCheck {
  const uai = input.trim().toUpperCase();
  if (!/^\d{7}[A-Z]$/.test(uai)) {
    return { ok: false, reason: `« ${input.trim()} » n'est pas un UAI : 7 chiffres suivis d'une lettre sont attendus.` };
  }
  const expected = uaiCheckLetter(uai.slice(0, 7));
  if (uai[7] !== expected) {
    return { ok: false, reason: `UAI ${uai} : la lettre clé devrait être ${expected}.` };
  }
  return { ok: true, uai };
}

export function isValidUai(input: string): boolean {
  return checkUai(input).ok;
}
