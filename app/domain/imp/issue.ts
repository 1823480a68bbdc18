// What a domain check reports: a stable code for programs and tests, a French message for people, and the
// path of the field concerned (zod-style: ["referents", 1, "impAmount"]) so the form can point at it.

export type IssuePath = readonly (string | number)[];

export interface Issue<Code extends string = string> {
  code: Code;
  message: string;
  path: IssuePath;
}

/** Errors block signing the letter; warnings are shown but allowed. */
export interface CheckResult<Code extends string = string> {
  errors: Issue<Code>[];
  warnings: Issue<Code>[];
}

export function issue<Code extends string>(code: Code, message: string, path: IssuePath = []): Issue<Code> {
  return { code, message, path };
}
