// The RUPN missions and the sub-tasks of the split matrix ("répartition des tâches") of the lettre de mission,
// from the DANE template of seed 002 (table "mission / Organisation proposée / Nom du (des) responsable(s)") and
// its activity lists a)–e). Keys are stable English identifiers stored in letters; labels are the French text.

export type MissionKey = "support_team" | "advise_head" | "communicate" | "self_training" | "manage_tools";
export type ToolTaskKey =
  | "local_authority_liaison" | "incident_tickets" | "amon_interface" | "user_accounts" | "tablets"
  | "ent_administrator" | "ent_usage_referent" | "pedagogical_services" | "website";
/** A row of the split matrix: a mission without sub-tasks, or a sub-task of "Gérer les outils". */
export type MatrixRowKey = Exclude<MissionKey, "manage_tools"> | ToolTaskKey;

export interface SubTask {
  key: ToolTaskKey;
  label: string;
  proposedOrganisation: string | null;
}

export interface Mission {
  key: MissionKey;
  label: string;
  proposedOrganisation: string | null;
  activities: readonly string[];
  subTasks: readonly SubTask[];
}

export interface MatrixRow {
  key: MatrixRowKey;
  label: string;
  /** "Gérer les outils — Lien avec la collectivité" for a sub-task, the mission label otherwise. */
  fullLabel: string;
  missionKey: MissionKey;
  proposedOrganisation: string | null;
  /**
   * The tool sub-tasks depend on the establishment's equipment and on what the collectivité delegates
   * ("selon collectivité", "selon le nombre de tablettes"): the chef may mark them "non concerné". The four
   * core missions cannot be — the circular makes them the heart of the mission.
   */
  mayBeNotApplicable: boolean;
}

export const MISSIONS: readonly Mission[] = [
  {
    key: "support_team",
    label: "Accompagner l'équipe pédagogique",
    proposedOrganisation: "Un ou plusieurs enseignants, répartition temporelle sur la semaine ou par projet accompagné",
    activities: [
      "Accompagner l'équipe éducative dans le développement des pratiques pédagogiques intégrant des ressources numériques et/ou des outils informatiques",
      "Favoriser l'émergence et participer à l'élaboration de projets pédagogiques intégrant le numérique éducatif",
      "Proposer à l'équipe éducative des sessions de prise en main des outils et ressources de l'établissement ou de l'académie",
    ],
    subTasks: [],
  },
  {
    key: "advise_head",
    label: "Conseiller le chef d'établissement",
    proposedOrganisation: "Collégiale ou répartition par dossier",
    activities: [
      "Participer à la définition et au pilotage du numérique éducatif (conseil pédagogique, commission numérique)",
      "Accompagner le chef d'établissement dans les demandes d'équipement auprès de la collectivité de rattachement et leur priorisation",
    ],
    subTasks: [],
  },
  {
    key: "communicate",
    label: "Communiquer",
    proposedOrganisation: "1 référent contact pour la DANE",
    activities: [
      "Relayer dans l'établissement les informations du réseau académique d'accompagnement de la DANE",
      "Informer l'équipe éducative des outils et ressources disponibles dans l'établissement",
      "Orienter les enseignants vers les formations adaptées à leurs besoins",
      "Valoriser au niveau de l'établissement et de l'académie les usages et projets intégrant le numérique éducatif",
    ],
    subTasks: [],
  },
  {
    key: "self_training",
    label: "Se former",
    proposedOrganisation: "Tous les acteurs identifiés",
    activities: [
      "Mener une veille technologique, documentaire et réglementaire en lien avec les structures d'accompagnement académiques",
      "Suivre l'activité de la liste de diffusion et de l'espace collaboratif de la DANE",
      "Participer aux formations et aux animations proposées par la DANE",
    ],
    subTasks: [],
  },
  {
    key: "manage_tools",
    label: "Gérer les outils (par ordre de priorité)",
    proposedOrganisation: null,
    activities: [
      "Assurer le lien avec la collectivité pour le réseau et le matériel informatique de l'établissement",
      "Assurer la remontée des tickets d'incidents à destination des prestataires",
      "Animer le comité de rédaction du site web de l'établissement",
      "Administrer les services en ligne de l'établissement (site internet, ENT, plateforme de e-éducation…)",
    ],
    subTasks: [
      { key: "local_authority_liaison", label: "Lien avec la collectivité", proposedOrganisation: "1 référent contact" },
      { key: "incident_tickets", label: "Remontée des tickets de dysfonctionnement", proposedOrganisation: null },
      { key: "amon_interface", label: "Interface pédagogique AMON (selon collectivité)", proposedOrganisation: null },
      { key: "user_accounts", label: "Gestion des comptes utilisateurs (selon collectivité)", proposedOrganisation: null },
      { key: "tablets", label: "Administrer les tablettes", proposedOrganisation: "1 ou plusieurs référents, selon le nombre de tablettes" },
      { key: "ent_administrator", label: "ENT : administrateur", proposedOrganisation: "1 administrateur" },
      { key: "ent_usage_referent", label: "ENT : référent usages", proposedOrganisation: "1 référent usages" },
      {
        key: "pedagogical_services",
        label: "Administrer les services pédagogiques (BRNE, Pearltrees…)",
        proposedOrganisation: "1 référent par service",
      },
      { key: "website", label: "Animation du site web", proposedOrganisation: "1 référent" },
    ],
  },
];

/** The rows of the split matrix, in the order of the template. */
export const MATRIX_ROWS: readonly MatrixRow[] = MISSIONS.flatMap((mission): MatrixRow[] =>
  mission.subTasks.length === 0
    ? [{
        key: mission.key as MatrixRowKey,
        label: mission.label,
        fullLabel: mission.label,
        missionKey: mission.key,
        proposedOrganisation: mission.proposedOrganisation,
        mayBeNotApplicable: false,
      }]
    : mission.subTasks.map((task) => ({
        key: task.key,
        label: task.label,
        fullLabel: `${mission.label.replace(/ \(.*\)$/, "")} — ${task.label}`,
        missionKey: mission.key,
        proposedOrganisation: task.proposedOrganisation,
        mayBeNotApplicable: true,
      })),
);

export function isMatrixRowKey(key: string): key is MatrixRowKey {
  return MATRIX_ROWS.some((row) => row.key === key);
}

export function matrixRow(key: MatrixRowKey): MatrixRow {
  const row = MATRIX_ROWS.find((candidate) => candidate.key === key);
  if (!row) throw new RangeError(`Mission inconnue : « ${key} ».`);
  return row;
}
