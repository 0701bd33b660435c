import { Box, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Span } from './draft-model';

/** The source text, the selected item's words marked and scrolled into view. */
export function SourcePane({ text, span }: { text: string; span: Span | undefined }) {
  const { t } = useTranslation();
  const markRef = useRef<HTMLElement>(null);
  const [start, end] = span ?? [];
  useEffect(() => {
    markRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [start, end]);
  const valid = span && span[0] >= 0 && span[1] <= text.length && span[0] < span[1];
  return (
    <section
      aria-labelledby="draft-source"
      style={{
        background: 'white',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 8,
        padding: 16,
        position: 'sticky',
        top: 72,
      }}
    >
      <Title order={2} size="h5" fw={650} id="draft-source" mb="sm">
        {t('drafts.source')}
      </Title>
      <Box
        data-testid="draft-source"
        tabIndex={0}
        dir="auto"
        aria-label={t('drafts.source')}
        style={{
          whiteSpace: 'pre-wrap',
          overflowY: 'auto',
          maxHeight: 'calc(100vh - 180px)',
          fontSize: 14,
          lineHeight: 1.6,
        }}
      >
        {valid ? (
          <>
            {text.slice(0, span[0])}
            <mark
              ref={markRef}
              data-testid="source-highlight"
              style={{ background: '#ffe08a', padding: '1px 0', borderRadius: 2 }}
            >
              {text.slice(span[0], span[1])}
            </mark>
            {text.slice(span[1])}
          </>
        ) : (
          text
        )}
      </Box>
    </section>
  );
}
