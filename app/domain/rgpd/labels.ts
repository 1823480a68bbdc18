// French labels of the access log (ADR 020).
const ENTITY: Record<string, string> = {
  User: "la fiche de la personne",
  SurveyResponse: "un bilan",
  MissionLetter: "une lettre de mission",
  TrainingSession: "une session de formation",
  Establishment: "la fiche d'un établissement",
};

export function accessActionLabel(action: string, entityType: string): string {
  const what = ENTITY[entityType] ?? entityType;
  switch (action) {
    case "view-personal-data":
      return `Consultation de ${what}`;
    case "rgpd.export":
      return "Export des données de la personne";
    case "rgpd.rectify":
      return "Rectification de l'identité";
    case "rgpd.erase":
      return "Effacement de la personne";
    default:
      return action;
  }
}
