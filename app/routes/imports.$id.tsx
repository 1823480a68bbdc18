import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { notFound, requireRole } from "../auth/guards.server.ts";
import { getImportRun, importScope } from "../services/imports.server.ts";
import { formatCount } from "../domain/labels.ts";
import { DataTable } from "../components/DataTable.tsx";
import { ImportBalance } from "../components/ImportBalance.tsx";

export const meta: MetaFunction = () => [{ title: "Résultat d'import — Plateforme RUPN" }];

type Report = {
  rejections?: { line: number; uai: string | null; reason: string }[];
  rejectionsTotal?: number;
  rowsRead?: number;
  establishments?: { known: number; unknown: number };
  figures?: { created: number; updated: number; unchanged: number } | null;
  ignoredByLabel?: Record<string, number>;
  messages?: string[];
  error?: string | null;
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  const run = await getImportRun(await importScope(actor), params.id ?? "");
  if (!run) notFound();
  return { run: { ...run, startedAt: run.startedAt.toISOString(), report: (run.report ?? {}) as Report } };
}

export default function ImportRunPage() {
  const { run } = useLoaderData<typeof loader>();
  const report = run.report;
  const rejections = report.rejections ?? [];
  return (
    <div className="fr-my-5w">
      <p>
        <Link to="/imports">← Tous les imports</Link>
      </p>
      <h1>Import de {run.fileName}</h1>
      <p>
        {run.kind === "ANNUAIRE" ? "Annuaire de l'éducation" : "Effectifs"} · {new Date(run.startedAt).toLocaleString("fr-FR", { timeZone: "Europe/Paris" })} ·{" "}
        {run.channel === "cli" ? "ligne de commande" : run.channel === "demo" ? "données de démonstration" : "téléversement"} · {formatCount(run.byteSize)} octets · empreinte SHA-256{" "}
        <code>{run.checksum}</code>
      </p>
      {run.status === "FAILED" ? (
        <Alert severity="error" as="h2" title="Import échoué : rien n'a été enregistré" description={report.error ?? ""} className="fr-mb-3w" />
      ) : (
        <Alert severity="success" as="h2" title="Import réussi" description="Les lignes valides sont enregistrées ; les lignes écartées sont listées ci-dessous avec leur motif." className="fr-mb-3w" />
      )}
      <h2>Résumé</h2>
      <ImportBalance run={run} report={report} />
      {report.ignoredByLabel && Object.keys(report.ignoredByLabel).length > 0 ? (
        <>
          <h2>Hors périmètre (non importés)</h2>
          <ul>
            {Object.entries(report.ignoredByLabel).map(([label, n]) => (
              <li key={label}>
                {label} : {formatCount(n)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.messages?.length ? (
        <>
          <h2>Remarques</h2>
          <ul>
            {report.messages.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </>
      ) : null}
      {rejections.length > 0 ? (
        <>
          <h2>Lignes écartées</h2>
          {report.rejectionsTotal && report.rejectionsTotal > rejections.length ? (
            <p>Les {formatCount(rejections.length)} premières sur {formatCount(report.rejectionsTotal)} sont affichées.</p>
          ) : null}
          <DataTable
            caption="Lignes écartées et motifs"
            headers={["Ligne", "UAI", "Motif"]}
            rows={rejections.map((r, i) => ({ key: String(i), cells: [r.line, r.uai ?? "—", r.reason] }))}
          />
        </>
      ) : null}
    </div>
  );
}
