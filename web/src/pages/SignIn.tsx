import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useAuth } from '../lib/auth';

export default function SignIn() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
    } catch (err) {
      setError(
        err instanceof ApiError && (err.status === 401 || err.status === 400)
          ? t('signIn.failed')
          : t('errors.network'),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Center mih="70vh">
      <Paper withBorder p="xl" radius="md" w={380} component="form" onSubmit={(e) => void submit(e)}>
        <Stack>
          <Title order={1} size="h3">
            {t('signIn.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('signIn.intro')}
          </Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('signIn.username')}
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            autoComplete="username"
            required
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
            label={t('signIn.password')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoComplete="current-password"
            required
          />
          <Button type="submit" loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
