import { Form } from "@remix-run/react";

/** Choice of the académie for someone who manages several (an administrator); nothing for a single one. */
export function AcademyPicker(props: { academies: { id: string; name: string }[]; current: string; action: string; hidden?: Record<string, string> }) {
  if (props.academies.length <= 1) return null;
  return (
    <Form method="get" action={props.action} className="fr-mb-3w">
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="fr-select-group">
        <label className="fr-label" htmlFor="academie">
          Académie
        </label>
        <select className="fr-select" id="academie" name="academie" defaultValue={props.current}>
          {props.academies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <button className="fr-btn fr-btn--secondary fr-btn--sm" type="submit">
        Afficher
      </button>
    </Form>
  );
}
