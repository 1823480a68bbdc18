// The pieces the import pages share: a DSFR file field and the submit button that says the import is running.
import { useNavigation } from "@remix-run/react";

export function UploadField(props: { id: string; label: string; hint: string; accept: string; required?: boolean; maxBytes?: number }) {
  return (
    <div className="fr-fieldset__element">
      <div className="fr-upload-group">
        <label className="fr-label" htmlFor={props.id}>
          {props.label}
          <span className="fr-hint-text">{props.hint}</span>
        </label>
        <input
          className="fr-upload"
          type="file"
          id={props.id}
          name={props.id}
          accept={props.accept}
          required={props.required}
          onChange={(event) => {
            // Said before the upload starts: the server refuses it anyway (413), after reading it all.
            const input = event.currentTarget;
            const file = input.files?.[0];
            const tooBig = props.maxBytes !== undefined && file !== undefined && file.size > props.maxBytes;
            input.setCustomValidity(tooBig ? `Fichier trop volumineux : la limite est de ${Math.round(props.maxBytes! / 1024 / 1024)} Mo.` : "");
            if (tooBig) input.reportValidity();
          }}
        />
      </div>
    </div>
  );
}

export function ImportSubmit() {
  const navigation = useNavigation();
  return (
    <div className="fr-fieldset__element">
      <button className="fr-btn" type="submit" disabled={navigation.state !== "idle"}>
        {navigation.state === "submitting" ? "Import en cours…" : "Importer"}
      </button>
    </div>
  );
}
