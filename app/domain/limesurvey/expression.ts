// Translation of LimeSurvey ExpressionScript (relevance equations, equations of type "*") into SurveyJS
// expressions. Only a safe subset is translated (ADR 015): comparisons, and/or/not, arithmetic, is_empty(),
// if() and references to known question codes. Anything else returns a reason and the caller keeps the element
// visible and reports it: a question wrongly hidden loses answers, a question wrongly shown loses nothing.

/** What a LimeSurvey variable name stands for in the converted survey. */
export type VariableRef =
  | { kind: "value"; ref: string }
  /** One subquestion of a multiple-choice question: checked when the SurveyJS array contains `code`. */
  | { kind: "choice"; question: string; code: string };
export type Resolver = (name: string) => VariableRef | null;
export type Translation = { ok: true; expression: string | null } | { ok: false; reason: string };

type Token = { t: "num" | "str" | "id" | "op" | "(" | ")" | ","; v: string };
type Node =
  | { k: "num"; v: string }
  | { k: "str"; v: string }
  | { k: "var"; name: string }
  | { k: "not"; e: Node }
  | { k: "bin"; op: string; a: Node; b: Node }
  | { k: "call"; fn: string; args: Node[] };

class Untranslatable extends Error {}

const WORD_OPS: Record<string, string> = { and: "and", or: "or", not: "!", eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let v = "";
      while (j < src.length && src[j] !== c) { if (src[j] === "\\" && j + 1 < src.length) j++; v += src[j++]; }
      if (j >= src.length) throw new Untranslatable("chaîne non terminée");
      out.push({ t: "str", v });
      i = j + 1;
      continue;
    }
    const n = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (n) { out.push({ t: "num", v: n[0] }); i += n[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_#]*(\.[A-Za-z_]+)?(:[A-Za-z0-9_]+)?/.exec(src.slice(i));
    if (id) {
      const lower = id[0].toLowerCase();
      if (lower in WORD_OPS) out.push({ t: "op", v: WORD_OPS[lower] });
      else out.push({ t: "id", v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = /^(==|!=|<=|>=|&&|\|\||[<>!+\-*/])/.exec(src.slice(i));
    if (op) { out.push({ t: "op", v: op[0] === "&&" ? "and" : op[0] === "||" ? "or" : op[0] }); i += op[0].length; continue; }
    if (c === "(" || c === ")" || c === ",") { out.push({ t: c, v: c }); i++; continue; }
    throw new Untranslatable(`caractère non pris en charge « ${c} »`);
  }
  return out;
}

function parse(tokens: Token[]): Node {
  let p = 0;
  const peek = () => tokens[p];
  const isOp = (...ops: string[]) => peek()?.t === "op" && ops.includes(peek().v);
  const expect = (t: Token["t"]) => {
    if (peek()?.t !== t) throw new Untranslatable("syntaxe inattendue");
    return tokens[p++];
  };
  const or = (): Node => { let a = and(); while (isOp("or")) { p++; a = { k: "bin", op: "or", a, b: and() }; } return a; };
  const and = (): Node => { let a = unary(); while (isOp("and")) { p++; a = { k: "bin", op: "and", a, b: unary() }; } return a; };
  const unary = (): Node => { if (isOp("!")) { p++; return { k: "not", e: unary() }; } return comparison(); };
  const comparison = (): Node => {
    const a = additive();
    if (isOp("==", "!=", "<", "<=", ">", ">=")) { const op = tokens[p++].v; return { k: "bin", op, a, b: additive() }; }
    return a;
  };
  const additive = (): Node => {
    let a = primary();
    while (isOp("+", "-", "*", "/")) { const op = tokens[p++].v; a = { k: "bin", op, a, b: primary() }; }
    return a;
  };
  const primary = (): Node => {
    const tok = peek();
    if (!tok) throw new Untranslatable("expression incomplète");
    if (tok.t === "num") { p++; return { k: "num", v: tok.v }; }
    if (tok.t === "str") { p++; return { k: "str", v: tok.v }; }
    if (tok.t === "op" && tok.v === "-") { p++; const e = primary(); return { k: "bin", op: "-", a: { k: "num", v: "0" }, b: e }; }
    if (tok.t === "(") { p++; const e = or(); expect(")"); return e; }
    if (tok.t === "id") {
      p++;
      if (peek()?.t === "(") {
        p++;
        const args: Node[] = [];
        if (peek()?.t !== ")") { args.push(or()); while (peek()?.t === ",") { p++; args.push(or()); } }
        expect(")");
        return { k: "call", fn: tok.v.toLowerCase(), args };
      }
      return { k: "var", name: tok.v };
    }
    throw new Untranslatable("syntaxe inattendue");
  };
  const node = or();
  if (p !== tokens.length) throw new Untranslatable("syntaxe inattendue");
  return node;
}

const quote = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function emit(node: Node, resolve: Resolver): string {
  const variable = (name: string): VariableRef => {
    const suffix = /\.(NAOK|code|value)$/i.exec(name);
    if (/\.[A-Za-z_]+$/.test(name) && !suffix) throw new Untranslatable(`propriété de variable non prise en charge « ${name} »`);
    const bare = suffix ? name.slice(0, -suffix[0].length) : name;
    if (/^(self|that)$/i.test(bare) || bare.includes(":")) throw new Untranslatable(`variable non prise en charge « ${name} »`);
    const ref = resolve(bare);
    if (!ref) throw new Untranslatable(`variable inconnue « ${name} »`);
    return ref;
  };
  const isEmpty = (arg: Node, negate: boolean) => {
    if (arg.k !== "var") throw new Untranslatable("is_empty() sur une expression");
    const ref = variable(arg.name);
    if (ref.kind === "choice") return `{${ref.question}} ${negate ? "contains" : "notcontains"} ${quote(ref.code)}`;
    return `${ref.ref} ${negate ? "notempty" : "empty"}`;
  };
  switch (node.k) {
    case "num": return node.v;
    case "str": return quote(node.v);
    case "var": {
      const ref = variable(node.name);
      if (ref.kind === "choice") throw new Untranslatable(`sous-question de choix multiple utilisée comme valeur « ${node.name} »`);
      return ref.ref;
    }
    case "not":
      if (node.e.k === "call" && node.e.fn === "is_empty" && node.e.args.length === 1) return isEmpty(node.e.args[0], true);
      return `!(${emit(node.e, resolve)})`;
    case "call": {
      if (node.fn === "is_empty" && node.args.length === 1) return isEmpty(node.args[0], false);
      if (node.fn === "if" && node.args.length === 3) return `iif(${node.args.map((a) => emit(a, resolve)).join(", ")})`;
      throw new Untranslatable(`fonction non prise en charge « ${node.fn}() »`);
    }
    case "bin": {
      if (node.op === "and" || node.op === "or") return `(${emit(node.a, resolve)} ${node.op} ${emit(node.b, resolve)})`;
      const choiceSide = node.a.k === "var" ? variable(node.a.name) : null;
      if (choiceSide?.kind === "choice") {
        if (node.b.k !== "str" || !["==", "!="].includes(node.op)) throw new Untranslatable("comparaison de sous-question de choix multiple");
        const checked = node.b.v === "Y" ? node.op === "==" : node.b.v === "" ? node.op === "!=" : null;
        if (checked === null) throw new Untranslatable("comparaison de sous-question de choix multiple");
        return `{${choiceSide.question}} ${checked ? "contains" : "notcontains"} ${quote(choiceSide.code)}`;
      }
      const op = node.op === "==" ? "=" : node.op;
      // LimeSurvey compares an empty answer with "" as equal; SurveyJS needs `empty`.
      if (node.b.k === "str" && node.b.v === "" && (op === "=" || op === "!=")) {
        return `${emit(node.a, resolve)} ${op === "=" ? "empty" : "notempty"}`;
      }
      return `(${emit(node.a, resolve)} ${op} ${emit(node.b, resolve)})`;
    }
  }
}

/**
 * A LimeSurvey relevance equation as a SurveyJS `visibleIf`: `{ expression: null }` when always true ("1" or empty),
 * or the reason it cannot be translated. `check` (survey-core's parser) rejects what SurveyJS would not read.
 */
export function translateExpression(source: string, resolve: Resolver, check?: (expression: string) => boolean): Translation {
  const text = source.replace(/\r?\n/g, " ").trim();
  if (text === "" || text === "1" || /^\(?\s*1\s*\)?$/.test(text)) return { ok: true, expression: null };
  try {
    const expression = emit(parse(tokenize(text.replace(/^\{(.*)\}$/s, "$1"))), resolve);
    if (check && !check(expression)) return { ok: false, reason: "expression refusée par SurveyJS" };
    return { ok: true, expression };
  } catch (error) {
    if (error instanceof Untranslatable) return { ok: false, reason: error.message };
    throw error;
  }
}
