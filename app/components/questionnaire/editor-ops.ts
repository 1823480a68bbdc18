// Immutable edits of a definition by the questionnaire editor, addressed by a path: [page, index, index…] where
// each index after the page goes down into a panel's elements. Pure; no survey-core.
import { choiceText, choiceValue, elementsOf, type Choice, type Definition, type SurveyElement } from "../../surveys/definition-walk.ts";

export type Path = number[];

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The list of elements a path's last index points into (the page, or a panel). */
function containerOf(def: Definition, path: Path): SurveyElement[] {
  let list = def.pages[path[0]].elements;
  for (const i of path.slice(1, -1)) {
    const panel = list[i];
    panel.elements ??= [];
    list = panel.elements;
  }
  return list;
}

export function elementAt(def: Definition, path: Path): SurveyElement {
  return containerOf(def, path)[path[path.length - 1]];
}

export function updateElement(def: Definition, path: Path, patch: (e: SurveyElement) => SurveyElement): Definition {
  const next = clone(def);
  const list = containerOf(next, path);
  const i = path[path.length - 1];
  list[i] = patch(list[i]);
  return next;
}

export function moveElement(def: Definition, path: Path, delta: -1 | 1): Definition {
  const next = clone(def);
  const list = containerOf(next, path);
  const i = path[path.length - 1];
  const j = i + delta;
  if (j < 0 || j >= list.length) return def;
  [list[i], list[j]] = [list[j], list[i]];
  return next;
}

/** A name no element of the definition has yet: `base`, `base_2`, `base_3`… */
export function freshName(def: Definition, base = "question"): string {
  const names = new Set(elementsOf(def).map((e) => e.element.name));
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) if (!names.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** The copy of an element (and of a panel's contents) with fresh names, placed right after it. */
export function duplicateElement(def: Definition, path: Path): Definition {
  const next = clone(def);
  const list = containerOf(next, path);
  const i = path[path.length - 1];
  const copy = clone(list[i]);
  const rename = (e: SurveyElement, working: Definition) => {
    e.name = freshName(working, `${e.name.replace(/_copie(_\d+)?$/, "")}_copie`);
    // The copy keeps no dashboard tag: two questions feeding one indicator would count twice.
    delete e.indicator;
    list.splice(i + 1, 0, e);
    for (const child of e.elements ?? []) {
      child.name = freshName(working, `${child.name}_copie`);
      delete child.indicator;
    }
  };
  rename(copy, next);
  return next;
}

export function removeElement(def: Definition, path: Path): { def: Definition; removed: SurveyElement } {
  const next = clone(def);
  const list = containerOf(next, path);
  const [removed] = list.splice(path[path.length - 1], 1);
  return { def: next, removed };
}

export function insertElement(def: Definition, path: Path, element: SurveyElement): Definition {
  const next = clone(def);
  const list = containerOf(next, path);
  list.splice(Math.min(path[path.length - 1], list.length), 0, element);
  return next;
}

/** A new question of an editor type, with what it needs to be valid except its wording. */
export function newElement(def: Definition, type: string): SurveyElement {
  const name = freshName(def, type === "panel" ? "groupe" : type === "html" ? "information" : "question");
  switch (type) {
    case "number":
      return { type: "text", inputType: "number", name, title: "" };
    case "radiogroup":
    case "dropdown":
    case "checkbox":
      return { type, name, title: "", choices: [{ value: "choix1", text: "Choix 1" }, { value: "choix2", text: "Choix 2" }] };
    case "rating":
      return { type, name, title: "", rateMin: 1, rateMax: 5 };
    case "matrix":
      return { type, name, title: "", rows: [{ value: "ligne1", text: "Ligne 1" }], columns: [{ value: "col1", text: "Colonne 1" }, { value: "col2", text: "Colonne 2" }] };
    case "html":
      return { type, name, html: "<p>Texte d'information</p>" };
    case "panel":
      return { type, name, title: "Nouveau groupe", elements: [{ type: "comment", name: freshName(def, "question"), title: "" }] };
    default:
      return { type, name, title: "" };
  }
}

/** A choice value derived from its label: lowercase ASCII, digits and underscores, unique in the list. */
export function valueFor(label: string, taken: Choice[]): string {
  const base = label.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "").slice(0, 40) || "choix";
  const used = new Set(taken.map(choiceValue));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

export function normalizeChoices(list: unknown): { value: string; text: string }[] {
  return (Array.isArray(list) ? (list as Choice[]) : []).map((c) => ({ value: choiceValue(c), text: choiceText(c) }));
}
