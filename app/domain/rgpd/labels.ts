// French labels of the access log (ADR 020).
const ENTITY: Record<string, string> = {
  User: "de la fiche de la personne",
  SurveyResponse: "d'un bilan",
  MissionLetter: "d'une lettre de mission",
  TrainingSession: "d'une session de formation",
  Establishment: "des référents d'un établissement",
};

export function accessActionLabel(action: string, entityType: string): string {
  const what = ENTITY[entityType] ?? `de ${entityType}`;
  switch (action) {
    case "view-personal-data":
      return `Consultation ${what}`;
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
