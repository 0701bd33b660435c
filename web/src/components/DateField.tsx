import { TextInput, type TextInputProps } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format';
import { formatDateField, parseDateField } from '../lib/date-field';

interface Props extends Omit<TextInputProps, 'value' | 'onChange' | 'type' | 'error'> {
  /** The ISO date (yyyy-mm-dd), or '' for none. */
  value: string | null | undefined;
  /** Called with the ISO date, or '' when the field is emptied or does not hold a real date. */
  onChange: (iso: string) => void;
  error?: ReactNode;
}

/**
 * A date field in the user's locale order (31/12/2024; 2024/12/31 in zh) instead of the
 * browser's date input, whose mm/dd/yyyy ignores the page language; the value stays ISO.
 */
export function DateField({ value, onChange, error, onBlur, ...rest }: Props) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const iso = value ?? '';
  const [text, setText] = useState(() => formatDateField(iso, locale));
  const [shown, setShown] = useState({ iso, locale });
  const [touched, setTouched] = useState(false);
  const parsed = parseDateField(text, locale);
  // A new value from outside (a reset, the address bar, another language) replaces the text.
  if (shown.iso !== iso || shown.locale !== locale) {
    setShown({ iso, locale });
    if ((parsed ?? '') !== iso || shown.locale !== locale) setText(formatDateField(iso, locale));
  }
  const example = formatDateField('2025-12-31', locale);
  const invalid = parsed === null && touched ? t('problems.dateFormat', { example }) : undefined;
  return (
    <TextInput
      {...rest}
      value={text}
      placeholder={example}
      autoComplete="off"
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const date = parseDateField(next, locale) ?? '';
        setShown({ iso: date, locale });
        if (date !== iso) onChange(date);
      }}
      onBlur={(e) => {
        setTouched(true);
        onBlur?.(e);
      }}
      error={invalid ?? error}
    />
  );
}
