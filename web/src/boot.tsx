/**
 * The app itself: React, Mantine, i18next and the shell (App.tsx), imported by the entry (main.tsx)
 * once the first screen is on screen (first-screen/). It renders into `#root` (hidden while the first screen is there) and takes
 * the first screen's place when its page is drawn (first-screen/handover.ts).
 */
import { ready } from './i18n';
// Only the styles of the components the shell and "my work" draw, in Mantine's CSS layer (so the
// app's own styles.css wins whatever the order); every other page brings all of Mantine's styles
// along (App.tsx, styles-all.ts).
import '@mantine/core/styles/baseline.layer.css';
import '@mantine/core/styles/default-css-variables.layer.css';
import '@mantine/core/styles/global.layer.css';
import '@mantine/core/styles/Accordion.layer.css';
import '@mantine/core/styles/Alert.layer.css';
import '@mantine/core/styles/Anchor.layer.css';
import '@mantine/core/styles/AppShell.layer.css';
import '@mantine/core/styles/Badge.layer.css';
import '@mantine/core/styles/Blockquote.layer.css';
import '@mantine/core/styles/Burger.layer.css';
import '@mantine/core/styles/Button.layer.css';
import '@mantine/core/styles/CloseButton.layer.css';
import '@mantine/core/styles/Combobox.layer.css';
import '@mantine/core/styles/Group.layer.css';
import '@mantine/core/styles/Input.layer.css';
import '@mantine/core/styles/Loader.layer.css';
import '@mantine/core/styles/NavLink.layer.css';
import '@mantine/core/styles/Paper.layer.css';
import '@mantine/core/styles/Progress.layer.css';
import '@mantine/core/styles/Skeleton.layer.css';
import '@mantine/core/styles/Stack.layer.css';
import '@mantine/core/styles/Text.layer.css';
import '@mantine/core/styles/Title.layer.css';
import '@mantine/core/styles/UnstyledButton.layer.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DirectionProvider, MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './api/client';
import { AuthProvider } from './lib/auth';
import App from './App';
import { registerServiceWorker } from './lib/service-worker';
import { seedLastWork } from './lib/last-work';

const FONT =
  '"Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "Noto Sans SC", system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const theme = createTheme({
  fontFamily: FONT,
  headings: { fontFamily: FONT, fontWeight: '650' },
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'sm',
  fontSizes: { xs: '12px', sm: '13px', md: '14px', lg: '16px', xl: '18px' },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

// The last-known first screen of the user of the last visit, drawn at once and refreshed (lib/last-work.ts).
seedLastWork(queryClient);

// Drawn once the user's language catalogue is in (fetched alongside this file: first-screen/prefetch.ts).
await ready;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DirectionProvider
      initialDirection={document.documentElement.dir === 'rtl' ? 'rtl' : 'ltr'}
      detectDirection={false}
    >
      <MantineProvider theme={theme}>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <App />
          </AuthProvider>
        </QueryClientProvider>
      </MantineProvider>
    </DirectionProvider>
  </StrictMode>,
);

registerServiceWorker();
