// Layout of the dashboards: the tabs between panels keep the current filters (the query string).
import { Link, Outlet, useLocation } from "@remix-run/react";

const TABS = [
  { to: "/tableaux-de-bord", label: "Charge des référents" },
  { to: "/tableaux-de-bord/participation", label: "Participation" },
  { to: "/tableaux-de-bord/imp", label: "IMP" },
];

/** Filters shared by every tab; page-specific parameters (sort, campaign) stay behind. */
const SHARED = ["academie", "annee", "type", "departement", "bassin", "secteur", "ep", "referents", "decoupage"];

export default function DashboardsLayout() {
  const { pathname, search } = useLocation();
  const params = new URLSearchParams(search);
  const kept = new URLSearchParams([...params].filter(([k]) => SHARED.includes(k))).toString();
  return (
    <div className="fr-my-4w">
      <nav className="fr-mb-3w" aria-label="Tableaux de bord">
        <ul className="fr-tags-group">
          {TABS.map((t) => (
            <li key={t.to}>
              <Link className="fr-tag" to={`${t.to}${kept ? `?${kept}` : ""}`} aria-current={pathname.replace(/\/$/, "") === t.to ? "page" : undefined}>
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
