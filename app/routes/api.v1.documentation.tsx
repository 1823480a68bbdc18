// The read API's documentation (ADR 021), rendered on the server from the OpenAPI document itself (no external
// viewer, no CDN: the CSP is nonce-based): endpoints, parameters, answers. Public, like the document.
import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { openApiDocument } from "../domain/api/openapi.ts";
import { API_RESOURCE_LABELS, MAX_TOKEN_DAYS } from "../domain/api/tokens.ts";
import { DataTable } from "../components/DataTable.tsx";

export const meta: MetaFunction = () => [{ title: "Documentation de l'API — Plateforme RUPN" }];

type Schema = { type?: string | string[]; enum?: string[]; pattern?: string; items?: Schema; maxItems?: number; description?: string; properties?: Record<string, Schema>; anyOf?: Schema[]; format?: string; $ref?: string; const?: unknown };

/** A short French reading of a JSON Schema: "texte", "liste de : COLLEGE, LYCEE…", "nombre entier ou vide". */
function describeSchema(s: Schema | undefined): string {
  if (!s) return "";
  if (s.enum) return `une valeur parmi : ${s.enum.join(", ")}`;
  if (s.anyOf) return s.anyOf.map(describeSchema).join(" ou ");
  const types = [s.type].flat().filter(Boolean) as string[];
  const words: Record<string, string> = { string: "texte", integer: "nombre entier", number: "nombre", boolean: "booléen", null: "vide", object: "objet", array: "liste" };
  if (types.includes("array")) return `liste (paramètre répétable) de ${describeSchema(s.items)}`;
  const base = types.map((t) => words[t] ?? t).join(" ou ") || "valeur";
  return s.format === "date-time" ? "date et heure ISO 8601 (UTC)" : s.format === "date" ? "date ISO 8601" : base;
}

export function loader() {
  const doc = openApiDocument("/");
  const endpoints = Object.entries(doc.paths).map(([path, item]) => {
    const get = (item as { get: { summary: string; description: string; tags: string[]; parameters: { name: string; description?: string; schema: Schema }[]; responses: Record<string, { description: string }> } }).get;
    const name = path.replace("/api/v1/", "").replace(/[/-]/g, "_");
    const rowSchema = (doc.components.schemas as Record<string, Schema>)[name];
    return {
      path,
      summary: get.summary,
      description: get.description,
      resource: get.tags[0],
      parameters: get.parameters.map((p) => ({ name: p.name, description: p.description ?? "", type: describeSchema(p.schema) })),
      fields: Object.entries(rowSchema?.properties ?? {}).map(([field, s]) => ({ field, type: describeSchema(s), description: s.description ?? "" })),
      responses: Object.entries(get.responses).map(([status, r]) => ({ status, description: r.description })),
    };
  });
  return { title: doc.info.title, description: doc.info.description, endpoints };
}

export default function ApiDocumentation() {
  const { title, description, endpoints } = useLoaderData<typeof loader>();
  return (
    <div className="fr-my-3w">
      <h1>{title}</h1>
      <p className="fr-text--lead">{description}</p>
      <h2>Mode d'emploi</h2>
      <ol>
        <li>
          La DANE de l'académie (ou un administrateur) crée un jeton sur la page <Link to="/api-jetons">Jetons d'API</Link> : portée, ressources lisibles,
          données personnelles ou non, date d'expiration ({MAX_TOKEN_DAYS} jours au plus). Le jeton n'est affiché qu'une fois.
        </li>
        <li>
          Chaque appel est une requête GET qui porte le jeton dans l'en-tête <code>Authorization: Bearer rupn_…</code>. Les cookies de session ne donnent pas
          accès à l'API.
        </li>
        <li>
          Les listes renvoient <code>{'{ "ok": true, "data": [ … ], "nextCursor": "…" }'}</code> : pour la page suivante, repassez <code>nextCursor</code>{" "}
          dans le paramètre <code>curseur</code>, jusqu'à ce qu'il vaille <code>null</code>. Avec l'en-tête <code>Accept: text/csv</code>, toutes les lignes
          arrivent en un fichier CSV.
        </li>
        <li>
          Une erreur renvoie <code>{'{ "ok": false, "error": "…", "message": "…" }'}</code> avec un message en français : 400 (paramètre invalide), 401 (jeton
          absent, inconnu, expiré ou révoqué), 403 (ressource ou académie hors de la portée du jeton), 404 (campagne ou session inconnue), 429 (trop d'appels :
          attendre le nombre de secondes de l'en-tête <code>Retry-After</code>).
        </li>
      </ol>
      <pre className="fr-mb-3w">
        <code>curl -H "Authorization: Bearer rupn_…" "https://…/api/v1/reponses?annee=2025-2026&amp;limite=200"</code>
      </pre>
      <p>
        Le document OpenAPI 3.1 de l'API, à importer dans un outil : <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
      </p>
      <nav className="fr-summary fr-my-3w" aria-labelledby="sommaire-titre">
        <h2 className="fr-summary__title" id="sommaire-titre">
          Points d'accès
        </h2>
        <ol className="fr-summary__list">
          {endpoints.map((e) => (
            <li key={e.path}>
              <a className="fr-summary__link" href={`#${e.path.replace(/\//g, "-").slice(1)}`}>
                {e.summary} — <code>GET {e.path}</code>
              </a>
            </li>
          ))}
        </ol>
      </nav>
      {endpoints.map((e) => (
        <section key={e.path} className="fr-mt-6w" aria-labelledby={e.path.replace(/\//g, "-").slice(1)} data-testid="api-endpoint">
          <h2 id={e.path.replace(/\//g, "-").slice(1)}>
            {e.summary} : <code>GET {e.path}</code>
          </h2>
          <p>{e.description}</p>
          <p className="fr-text--sm">Ressource à cocher sur le jeton : « {API_RESOURCE_LABELS[e.resource as keyof typeof API_RESOURCE_LABELS] ?? e.resource} ».</p>
          <DataTable
            caption={`Paramètres de ${e.path}`}
            headers={["Paramètre", "Valeur", "Description"]}
            rows={e.parameters.map((p) => ({ key: p.name, cells: [<code key="n">{p.name}</code>, p.type, p.description] }))}
          />
          {e.fields.length ? (
            <DataTable
              caption={e.path.includes("tableaux-de-bord") ? `Réponse de ${e.path}` : `Champs de chaque ligne de ${e.path}`}
              headers={["Champ", "Valeur", "Description"]}
              rows={e.fields.map((f) => ({ key: f.field, cells: [<code key="n">{f.field}</code>, f.type, f.description] }))}
            />
          ) : null}
          <DataTable
            caption={`Réponses de ${e.path}`}
            headers={["Statut HTTP", "Signification"]}
            rows={e.responses.map((r) => ({ key: r.status, cells: [r.status, r.description] }))}
          />
        </section>
      ))}
    </div>
  );
}
