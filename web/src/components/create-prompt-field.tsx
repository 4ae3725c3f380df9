/** A described prompt box with its error beside it, as the Create forms ask for one. */
export function CreatePromptField({
  id,
  label,
  placeholder,
  value,
  error,
  onChange,
}: {
  /** The form's id prefix: the box is `${id}-prompt`, its error `${id}-prompt-error`. */
  id: string;
  label: string;
  placeholder: string;
  value: string;
  error: string | null | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-prompt`}>
          <span>{label}</span>
        </label>
        <textarea
          id={`${id}-prompt`}
          rows={3}
          value={value}
          maxLength={4_000}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-prompt-error` : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
      {error ? (
        <p id={`${id}-prompt-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
