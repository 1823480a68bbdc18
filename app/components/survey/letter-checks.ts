// The IMP checks of a letter as shown in the page (computed on the server, see domain/imp/letter.ts).
export type LetterIssueView = { code: string; message: string; path: readonly (string | number)[] };
export type LetterChecksView = {
  errors: LetterIssueView[];
  warnings: LetterIssueView[];
  totals: { envelope: number | null; topUp: number; attributed: number };
};
