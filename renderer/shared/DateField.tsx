import { useEffect, useRef, useState } from 'react';
import { DATE_FIELD_TEXT, describeDate, parseDateInput } from './date-input.js';
import type { Locale } from './locales.js';

export interface DateFieldProps {
  /** `YYYY-MM-DD`, or '' for none. */
  value: string;
  /** Called with `YYYY-MM-DD` once the text is a real date, '' when it is empty or not a date. */
  onChange(value: string): void;
  locale: Locale;
  id?: string;
  required?: boolean;
  testId?: string;
}

/**
 * A date typed as year-month-day in every language (date-input.ts says why not the native picker),
 * read back underneath in the app's language with its weekday, or marked invalid.
 */
export function DateField({ value, onChange, locale, id, required, testId }: DateFieldProps) {
  const [text, setText] = useState(value);
  // The last value this field reported: a change from outside (a reset) replaces the text, an echo does not.
  const reported = useRef(value);
  useEffect(() => {
    if (value !== reported.current) {
      reported.current = value;
      setText(value);
    }
  }, [value]);
  const parsed = parseDateInput(text);
  const words = DATE_FIELD_TEXT[locale];
  const note = parsed === null ? words.invalid : parsed === '' ? '' : describeDate(parsed, locale);
  return (
    <span className="date-field">
      <input
        id={id}
        className="input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={text}
        placeholder={words.placeholder}
        required={required}
        aria-invalid={parsed === null}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          const next = parseDateInput(e.target.value) ?? '';
          if (next !== reported.current) {
            reported.current = next;
            onChange(next);
          }
        }}
        onBlur={() => {
          if (parsed) setText(parsed);
        }}
      />
      {note !== '' && (
        <span className={parsed === null ? 'date-field-note date-field-invalid' : 'date-field-note'} aria-live="polite" data-testid={testId ? `${testId}-reads` : undefined}>
          {note}
        </span>
      )}
    </span>
  );
}
