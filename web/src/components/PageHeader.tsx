import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { createContext, useContext, type ReactNode } from 'react';
import { Link } from '../lib/router';

/**
 * A page's title and subtitle, with what goes on the right (a button, a picker). `back` is the
 * page one level up (the list a detail page belongs to), linked first in the subtitle.
 */
export function PageHeader({
  title,
  subtitle,
  right,
  back,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  right?: ReactNode;
  back?: { to: string; label: string };
}) {
  if (back)
    subtitle = (
      <>
        <Anchor component={Link} to={back.to} size="sm" underline="always">
          {back.label}
        </Anchor>
        {subtitle ? <> · {subtitle}</> : null}
      </>
    );
  return (
    <Group justify="space-between" align="flex-end" mb="md" wrap="wrap" gap="sm">
      <Stack gap={2}>
        <Title order={1} size="h3" fw={650} c="#1c3d6e" dir="auto">
          {title}
        </Title>
        {subtitle && (
          <Text size="sm" c="dimmed">
            {subtitle}
          </Text>
        )}
      </Stack>
      {right}
    </Group>
  );
}

const SectionTitleId = createContext<string | undefined>(undefined);

/** The id of the enclosing section's title: what a table inside the section is labelled by. */
export function useSectionTitleId(): string | undefined {
  return useContext(SectionTitleId);
}

export function Section({
  title,
  right,
  children,
  id,
}: {
  title: ReactNode;
  right?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section
      aria-labelledby={id}
      style={{ background: 'white', border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, padding: 16 }}
    >
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Title order={2} size="h5" fw={650} id={id}>
          {title}
        </Title>
        {right}
      </Group>
      <SectionTitleId.Provider value={id}>{children}</SectionTitleId.Provider>
    </section>
  );
}
