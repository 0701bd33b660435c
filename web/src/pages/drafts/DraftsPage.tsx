/**
 * Draft review (issue 8 item 2): paste or load a policy text, let the drafter propose a
 * programme, review it beside its source — each item's words highlighted — fix, drop or add
 * items, map the agency names that matched no org unit, and import.
 */
import { Box, Button, FileInput, Group, NativeSelect, Stack, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorText } from '../../lib/errors';
import { PageHeader, Section } from '../../components/PageHeader';
import { LANGUAGES } from '../../lib/text';
import { Review } from './Review';
import { toEdit, type DraftResponse, type EditDraft } from './draft-model';

export default function DraftsPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [language, setLanguage] = useState('');
  const [source, setSource] = useState('');
  const [response, setResponse] = useState<DraftResponse | null>(null);
  const [edit, setEdit] = useState<EditDraft | null>(null);
  const [proposeError, setProposeError] = useState<string | null>(null);

  const propose = useMutation({
    mutationFn: (body: { text: string; language?: string }) => api<DraftResponse>('/drafts', { method: 'POST', body }),
    onSuccess: (r, body) => {
      setProposeError(null);
      setSource(body.text);
      setResponse(r);
      setEdit(toEdit(r));
    },
    onError: (error) => {
      setProposeError(errorText(t, error));
    },
  });

  const onPropose = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setProposeError(t('drafts.emptyText'));
      return;
    }
    propose.mutate(language ? { text, language } : { text });
  };

  return (
    <Box>
      <PageHeader title={t('drafts.title')} subtitle={t('drafts.subtitle')} />
      <Stack gap="md">
        <Section id="draft-input" title={t('drafts.input')}>
          <form onSubmit={onPropose} noValidate aria-labelledby="draft-input">
            <Stack gap="sm">
              <Textarea
                label={t('drafts.text')}
                description={t('drafts.textHint')}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                autosize
                minRows={4}
                maxRows={12}
                dir="auto"
                name="text"
                error={proposeError ?? undefined}
              />
              <Group align="flex-end" gap="sm" wrap="wrap">
                <FileInput
                  label={t('drafts.file')}
                  placeholder={t('drafts.filePlaceholder')}
                  // Mantine's placeholder grey is below AA contrast on white
                  styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
                  accept=".txt,text/plain"
                  clearable
                  w={260}
                  onChange={(file) => {
                    if (file) void file.text().then(setText);
                  }}
                />
                <NativeSelect
                  label={t('drafts.language')}
                  value={language}
                  onChange={(e) => setLanguage(e.currentTarget.value)}
                  data={[
                    { value: '', label: t('drafts.detect') },
                    ...LANGUAGES.map((l) => ({ value: l, label: t(`drafts.lang.${l}`) })),
                  ]}
                  w={180}
                />
                <Button type="submit" loading={propose.isPending}>
                  {t('drafts.propose')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Section>
        {response && edit && (
          <Review
            key={response.draft.code + response.yaml.length}
            response={response}
            source={source}
            edit={edit}
            setEdit={(change) => setEdit((e) => (e ? change(e) : e))}
          />
        )}
      </Stack>
    </Box>
  );
}
