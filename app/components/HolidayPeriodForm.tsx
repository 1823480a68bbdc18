import { Form } from "@remix-run/react";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";

type Period = { id: string; label: string; firstDay: string; lastDay: string; version: number };

/** Correct one school holiday period of a zone: label and the first and last days without classes. */
export function EditHolidayForm({ period, zone, schoolYearId }: { period: Period; zone: string; schoolYearId: string }) {
  return (
    <section className="fr-my-3w" id="modifier" aria-labelledby="edit-holiday-title">
      <h3 id="edit-holiday-title">
        Modifier « {period.label} » (zone {zone}, {schoolYearId})
      </h3>
      <Form method="post" className="fr-col-md-8" key={`${period.id}-${period.version}`}>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="id" value={period.id} />
        <input type="hidden" name="version" value={period.version} />
        <PeriodFields label={period.label} firstDay={period.firstDay} lastDay={period.lastDay} />
        <ul className="fr-btns-group fr-btns-group--inline">
          <li>
            <button className="fr-btn" type="submit">
              Enregistrer la période
            </button>
          </li>
          <li>
            <button className="fr-btn fr-btn--tertiary" type="submit" name="intent" value="delete">
              Supprimer la période
            </button>
          </li>
        </ul>
      </Form>
    </section>
  );
}

/** Add a period (a local derogation, an extra bridge day) to one of the zone's school years. */
export function AddHolidayForm({ zone, schoolYears, currentSchoolYear }: { zone: string; schoolYears: string[]; currentSchoolYear: string }) {
  return (
    <details className="fr-my-3w">
      <summary>Ajouter une période sans classe à la zone {zone}</summary>
      <Form method="post" className="fr-col-md-8 fr-mt-2w">
        <input type="hidden" name="intent" value="create" />
        <input type="hidden" name="zone" value={zone} />
        <Select label="Année scolaire" nativeSelectProps={{ name: "schoolYearId", required: true, defaultValue: currentSchoolYear }}>
          {schoolYears.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </Select>
        <PeriodFields label="" firstDay="" lastDay="" />
        <button className="fr-btn fr-btn--secondary" type="submit">
          Ajouter la période
        </button>
      </Form>
    </details>
  );
}

function PeriodFields({ label, firstDay, lastDay }: { label: string; firstDay: string; lastDay: string }) {
  return (
    <>
      <Input label="Intitulé" hintText="Par exemple « Vacances d'hiver » ou « Pont de l'Ascension »." nativeInputProps={{ name: "label", required: true, defaultValue: label, maxLength: 100 }} />
      <Input
        label="Premier jour sans classe"
        hintText="Le jour du départ en vacances (souvent un samedi)."
        nativeInputProps={{ name: "firstDay", type: "date", required: true, defaultValue: firstDay }}
      />
      <Input
        label="Dernier jour sans classe"
        hintText="La veille de la reprise des cours (souvent un dimanche)."
        nativeInputProps={{ name: "lastDay", type: "date", required: true, defaultValue: lastDay }}
      />
    </>
  );
}
