import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import { z } from "../domain/zod-fr.ts";
import { badRequest, requireUser } from "../auth/guards.server.ts";
import { filterOptions, listEstablishments } from "../services/establishments.server.ts";
import { ESTABLISHMENT_TYPE_LABELS, SECTOR_LABELS, formatCount } from "../domain/labels.ts";
import { DataTable } from "../components/DataTable.tsx";
import { plural } from "../domain/format/fr.ts";

const empty = (v: unknown) => (v === "" || v === null ? undefined : v);
const querySchema = z.object({
  q: z.preprocess(empty, z.string().max(100, "Recherche trop longue (100 caractères au plus).").optional()),
  page: z.preprocess(empty, z.coerce.number({ error: "Numéro de page invalide." }).int().min(1, "Numéro de page invalide.").max(100_000, "Numéro de page invalide.").optional()),
  annee: z.preprocess(empty, z.string().regex(/^\d{4}-\d{4}$/, "Année scolaire invalide (attendu : 2025-2026).").optional()),
  type: z.preprocess(empty, z.enum(["COLLEGE", "LYCEE", "LYCEE_PRO", "EREA", "OTHER"], { error: "Type d'établissement inconnu." }).optional()),
  departement: z.preprocess(empty, z.string().max(3, "Département invalide.").optional()),
  bassin: z.preprocess(empty, z.string().max(20, "Bassin invalide.").optional()),
  secteur: z.preprocess(empty, z.enum(["PUBLIC", "PRIVATE"], { error: "Secteur inconnu (public ou privé)." }).optional()),
  ep: z.preprocess(empty, z.enum(["REP", "REP+", "hors"], { error: "Valeur d'éducation prioritaire inconnue." }).optional()),
});

export const meta: MetaFunction = () => [{ title: "Établissements — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const url = new URL(request.url);
  const parsed = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) badRequest(parsed.error.issues[0].message);
  const p = parsed.data;
  const [result, options] = await Promise.all([
    listEstablishments(actor, {
      q: p.q,
      page: p.page,
      schoolYearId: p.annee,
      filters: { type: p.type, departmentCode: p.departement, basinCode: p.bassin, sector: p.secteur, priority: p.ep },
    }),
    filterOptions(actor),
  ]);
  const params = Object.fromEntries([...url.searchParams].filter(([k, v]) => k !== "page" && v !== ""));
  return { q: p.q ?? "", params, options, ...result };
}

export default function Establishments() {
  const { q, params, options, rows, total, page, pageCount, schoolYearId } = useLoaderData<typeof loader>();
  const hrefFor = (p: number) => `/etablissements?${new URLSearchParams({ ...params, page: String(p) })}`;
  return (
    <div className="fr-my-5w">
      <h1>Établissements</h1>
      <Form method="get" role="search" className="fr-mb-3w">
        <fieldset className="fr-fieldset" aria-label="Filtres">
          <FilterSelect id="type" label="Type" value={params.type} options={Object.entries(ESTABLISHMENT_TYPE_LABELS).map(([v, l]) => [v, l])} />
          <FilterSelect id="departement" label="Département" value={params.departement} options={options.departments.map((d) => [d.code, d.name])} />
          <FilterSelect id="bassin" label="Bassin de formation" value={params.bassin} options={options.basins.map((b) => [b.code, b.name])} />
          <FilterSelect id="secteur" label="Secteur" value={params.secteur} options={[["PUBLIC", "Public"], ["PRIVATE", "Privé"]]} />
          <FilterSelect id="ep" label="Éducation prioritaire" value={params.ep} options={[["REP+", "REP+"], ["REP", "REP"], ["hors", "Hors éducation prioritaire"]]} />
          <FilterSelect id="annee" label="Effectifs de l'année" value={params.annee ?? schoolYearId} options={options.schoolYears.map((y) => [y, y])} allLabel={null} />
        </fieldset>
        <div className="fr-search-bar" id="search-establishments">
          <label className="fr-label" htmlFor="q">
            Rechercher par nom, commune ou UAI
          </label>
          <input className="fr-input" id="q" name="q" type="search" defaultValue={q} placeholder="Nom, commune ou UAI" />
          <button className="fr-btn" type="submit" title="Rechercher">
            Rechercher
          </button>
        </div>
      </Form>
      <p role="status">
        {total === 0
          ? "Aucun établissement ne correspond."
          : `${plural(total, "établissement")} — page ${page} sur ${pageCount}`}
      </p>
      {rows.length > 0 ? (
        <DataTable
          caption="Établissements"
          hideCaption
          headers={["Nom", "UAI", "Type", "Secteur", "Commune", "Éducation prioritaire", `Élèves ${schoolYearId}`]}
          rows={rows.map((e) => ({
            key: e.id,
            cells: [
              <Link key="name" to={`/etablissements/${e.uai}`}>
                {e.name}
              </Link>,
              e.uai,
              ESTABLISHMENT_TYPE_LABELS[e.type],
              SECTOR_LABELS[e.sector],
              e.commune ?? "—",
              e.priorityEducation ?? "—",
              formatCount(e.pupilCount),
            ],
          }))}
        />
      ) : null}
      {pageCount > 1 ? (
        <Pagination count={pageCount} defaultPage={page} getPageLinkProps={(p) => ({ to: hrefFor(p) })} showFirstLast />
      ) : null}
    </div>
  );
}

function FilterSelect(props: { id: string; label: string; value?: string; options: string[][]; allLabel?: string | null }) {
  return (
    <div className="fr-fieldset__element fr-fieldset__element--inline rupn-filter">
      <div className="fr-select-group">
        <label className="fr-label" htmlFor={`filtre-${props.id}`}>
          {props.label}
        </label>
        <select className="fr-select" id={`filtre-${props.id}`} name={props.id} defaultValue={props.value ?? ""}>
          {props.allLabel === null ? null : <option value="">{props.allLabel ?? "Tous"}</option>}
          {props.options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
