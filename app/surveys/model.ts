// Building SurveyJS models on the server (Node, no browser) from a stored definition.
import { Model, Serializer, type Question } from "survey-core";
import "survey-core/i18n/french";
import { INDICATOR_PATTERN } from "./properties.ts";

export type SurveyDefinition = Record<string, unknown>;

const definitions = new WeakMap<Model, SurveyDefinition>();

export function buildModel(definition: SurveyDefinition): Model {
  const model = new Model(definition);
  model.locale = "fr";
  definitions.set(model, definition);
  return model;
}

/** The JSON definition a model was built from (the answer types are read from it: draft-types.ts). */
export function definitionOf(model: Model): SurveyDefinition | undefined {
  return definitions.get(model);
}

/** Building a model costs ~7 ms, reusing one ~1 ms: keep one per survey version (validation is synchronous). */
const cache = new Map<string, Model>();
const broken = new WeakSet<Model>();

/** A model that threw while taking data may hold half-set state: the cache rebuilds it. */
export function markBroken(model: Model) {
  broken.add(model);
}
const CACHE_LIMIT = 50;

/** A version is identified by its id and the checksum of its definition (updated in place while unanswered). */
export function modelKey(version: { id: string; checksum: string }) {
  return `${version.id}:${version.checksum}`;
}

export function cachedModel(cacheKey: string, definition: SurveyDefinition): Model {
  let model = cache.get(cacheKey);
  if (!model || broken.has(model)) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    model = buildModel(definition);
    cache.set(cacheKey, model);
  }
  return model;
}

/** The cached model of a key, if any (and not broken). */
export function peekCachedModel(cacheKey: string): Model | undefined {
  const model = cache.get(cacheKey);
  return model && !broken.has(model) ? model : undefined;
}

/** The cached model of a version, reading its definition (a large JSON) only when the cache misses. */
export async function modelFor(version: { id: string; checksum: string }, loadDefinition: () => Promise<SurveyDefinition>): Promise<Model> {
  const key = modelKey(version);
  return peekCachedModel(key) ?? cachedModel(key, await loadDefinition());
}

/** All questions, nested ones included (dynamic panels), visible or not. */
export function allQuestions(model: Model, visibleOnly = false): Question[] {
  return model.getAllQuestions(visibleOnly, false, true);
}

export function questionTitle(question: Question): string {
  return (question.processedTitle || question.title || question.name).trim();
}

type JsonElement = { type?: unknown; name?: unknown; elements?: unknown; templateElements?: unknown };

/** One problem of a definition: `text` as `surveys:check` prints it, `message` for the question it is about. */
export type DefinitionIssue = { question: string | null; message: string; text: string };

/** Problems of a definition that SurveyJS would silently ignore: unknown types, missing or duplicate names, bad tags. */
export function definitionIssues(definition: unknown): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const add = (question: string | null, message: string, where?: string) =>
    issues.push({ question, message, text: where ? `${where} : ${message}` : message });
  if (!definition || typeof definition !== "object" || Array.isArray(definition)) {
    add(null, "la définition doit être un objet JSON");
    return issues;
  }
  const def = definition as { title?: unknown; pages?: unknown; elements?: unknown };
  if (typeof def.title !== "string" || !def.title.trim()) add(null, "titre manquant (propriété « title »)");
  const names = new Set<string>();
  const visit = (elements: unknown, where: string) => {
    if (elements === undefined) return;
    if (!Array.isArray(elements)) return add(null, "« elements » doit être une liste", where);
    for (const element of elements as JsonElement[]) {
      const type = typeof element?.type === "string" ? element.type : "";
      const name = typeof element?.name === "string" ? element.name : "";
      const question = name || null;
      if (!type || !Serializer.findClass(type)) add(question, `type de question inconnu « ${type || "(absent)"} »${name ? ` (question « ${name} »)` : ""}`, where);
      if (!name) add(null, `un élément de type « ${type} » n'a pas de nom`, where);
      else if (names.has(name)) add(question, `nom en double « ${name} »`, where);
      else names.add(name);
      const indicator = (element as { indicator?: unknown }).indicator;
      if (indicator !== undefined && (typeof indicator !== "string" || !INDICATOR_PATTERN.test(indicator))) {
        add(question, `indicateur invalide « ${String(indicator)} » (attendu : workload.assistance)`, `question « ${name} »`);
      }
      visit(element?.elements, `${where} › ${name || type}`);
      visit(element?.templateElements, `${where} › ${name || type}`);
    }
  };
  if (Array.isArray(def.pages)) {
    (def.pages as { name?: string; elements?: unknown }[]).forEach((p, i) => visit(p?.elements, `page ${p?.name ?? i + 1}`));
  } else if (def.elements !== undefined) visit(def.elements, "questionnaire");
  else add(null, "aucune page ni question");
  if (issues.length === 0) {
    const model = buildModel(def as SurveyDefinition);
    for (const error of model.jsonErrors ?? []) add(null, `SurveyJS : ${error.message}`);
    if (allQuestions(model).length === 0) add(null, "aucune question");
  }
  return issues;
}

/** The problems of `definitionIssues`, as lines of a report. */
export function definitionProblems(definition: unknown): string[] {
  return definitionIssues(definition).map((i) => i.text);
}
