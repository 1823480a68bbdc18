// The OpenAPI 3.1 document of the read API (ADR 021), generated from the zod schemas that validate the calls
// (app/domain/api/endpoints.ts) with zod 4's own JSON Schema output: no second description to keep in step.
import type { ZodType } from "zod";
import { z } from "../zod-fr.ts";
import { ENDPOINTS, MAX_PAGE_SIZE, type Endpoint } from "./endpoints.ts";
import { API_RESOURCE_LABELS } from "./tokens.ts";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

function jsonSchema(schema: ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete out.$schema;
  return out;
}

const errorSchema = {
  type: "object",
  required: ["ok", "error", "message"],
  properties: { ok: { const: false }, error: { type: "string", description: "Message en français." }, message: { type: "string", description: "Le même message." } },
};

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Erreur" } } } });

export type OpenApiParameter = { name: string; in: "query"; required: boolean; description?: string; schema: JsonSchema; style?: string; explode?: boolean };

/** The query parameters of an endpoint, one per property of its zod schema (lists are repeated parameters). */
export function parametersOf(endpoint: Endpoint): OpenApiParameter[] {
  const schema = jsonSchema(endpoint.query, "input");
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: "query" as const,
      required: (schema.required ?? []).includes(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
      ...(rest.type === "array" ? { style: "form", explode: true } : {}),
    };
  });
}

function responsesOf(endpoint: Endpoint) {
  const name = endpoint.path.replace("/api/v1/", "").replace(/[/-]/g, "_");
  const ok = endpoint.paginated
    ? {
        description: `Une page de lignes (JSON), ou toutes les lignes en CSV avec « Accept: text/csv ».`,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["ok", "data", "nextCursor"],
              properties: {
                ok: { const: true },
                data: { type: "array", items: { $ref: `#/components/schemas/${name}` } },
                nextCursor: { type: ["string", "null"], description: "À passer dans « curseur » pour la page suivante ; null à la dernière page." },
              },
            },
          },
          ...(endpoint.csv ? { "text/csv": { schema: { type: "string", description: "Séparateur « ; », UTF-8 avec BOM ; objets imbriqués aplatis (« establishment.uai »), listes en JSON." } } } : {}),
        },
      }
    : { description: "Les agrégats (JSON).", content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } } };
  return {
    name,
    schema: jsonSchema((endpoint.row ?? endpoint.body)!, "output"),
    responses: {
      "200": ok,
      "400": errorResponse("Paramètre invalide (le message nomme le paramètre)."),
      "401": errorResponse("Jeton absent, inconnu, expiré ou révoqué."),
      "403": errorResponse("Ressource ou académie hors de la portée du jeton."),
      "404": errorResponse("Campagne, session ou académie inconnue, ou hors de la portée du jeton."),
      ...(endpoint.csv ? {} : { "406": errorResponse("CSV demandé pour un point d'accès qui n'en propose pas.") }),
      "429": { ...errorResponse("Trop d'appels : attendre le nombre de secondes de l'en-tête Retry-After."), headers: { "Retry-After": { schema: { type: "integer" } } } },
    },
  };
}

export function openApiDocument(serverUrl = "/") {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = { Erreur: errorSchema };
  for (const endpoint of ENDPOINTS) {
    const { name, schema, responses } = responsesOf(endpoint);
    schemas[name] = schema;
    paths[endpoint.path] = {
      get: {
        operationId: name,
        summary: endpoint.summary,
        description: `${endpoint.description} Ressource du jeton : « ${API_RESOURCE_LABELS[endpoint.resource]} » (${endpoint.resource}).`,
        tags: [endpoint.resource],
        parameters: parametersOf(endpoint),
        responses,
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "API de lecture de la Plateforme RUPN",
      version: "1.0.0",
      description:
        "Lecture seule des données d'une académie (ou de toutes, pour un jeton national) : établissements, campagnes, réponses aux bilans, " +
        `lettres de mission, formations et agrégats des tableaux de bord. Chaque appel porte un jeton créé par la DANE (« Authorization: Bearer rupn_… »). ` +
        `Les listes sont paginées par curseur (${MAX_PAGE_SIZE} lignes au plus par page) ; « Accept: text/csv » renvoie toutes les lignes en CSV. ` +
        "Les données personnelles (noms, adresses, textes libres) ne sont renvoyées qu'aux jetons qui les autorisent. Chaque appel est journalisé.",
    },
    servers: [{ url: serverUrl }],
    security: [{ jeton: [] }],
    tags: Object.entries(API_RESOURCE_LABELS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: { jeton: { type: "http", scheme: "bearer", description: "Jeton d'API « rupn_… » créé sur la page « Jetons d'API »." } },
      schemas,
    },
  };
}
