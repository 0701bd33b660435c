import { AppShell, Burger, Group, NativeSelect, NavLink, Text, UnstyledButton, useDirection } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { lazy, Suspense, useEffect, useLayoutEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from './lib/text';
import { changeLanguage, isRtl, LANGUAGE_NAMES } from './i18n';
import { PAGE_NEEDS, useAuth, useMayOpen } from './lib/auth';
import { roleNeeded } from '../../src/domain/capabilities';
import { href, Link, navigate, useLocation } from './lib/router';
import { LoadingBlock } from './components/QueryState';
import { ErrorBoundary } from './components/ErrorBoundary';
import { UserButton } from './components/UserButton';
import MyWorkPage from './pages/my-work/MyWork';
import { homeOf, rememberHome, rememberedHome } from './lib/home';
import { releaseFirstScreen } from './first-screen/handover';

/** A lazily loaded part of the app, with all of Mantine's styles (the first screen has only its own). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the pages' own props
function page<T extends ComponentType<any>>(load: () => Promise<{ default: T }>) {
  return lazy(() => Promise.all([load(), import('./styles-all')]).then(([m]) => m));
}

const Overview = page(() => import('./pages/overview/Overview'));
const UserMenu = page(() => import('./components/UserMenu'));

const TreePage = page(() => import('./pages/tree/TreePage'));
const ListPage = page(() => import('./pages/AssignmentList'));
const AssignmentPage = page(() => import('./pages/Assignment'));
const ReviewsPage = page(() => import('./pages/Reviews'));
const MapPage = page(() => import('./pages/ProvinceMap'));
const SignInPage = page(() => import('./pages/SignIn'));
const DraftsPage = page(() => import('./pages/drafts/DraftsPage'));
const IndicatorListPage = page(() => import('./pages/indicators/IndicatorList'));
const IndicatorPage = page(() => import('./pages/indicators/IndicatorDetail'));
const RankingPage = page(() => import('./pages/indicators/Ranking'));
const ScorecardPage = page(() => import('./pages/indicators/Scorecard'));
const MyFormsPage = page(() => import('./pages/forms/MyForms'));
const FormPage = page(() => import('./pages/forms/FormPage'));
const GridPage = page(() => import('./pages/forms/GridPage'));
const CompletenessPage = page(() => import('./pages/completeness/CompletenessPage'));
const InspectionsPage = page(() => import('./pages/inspections/InspectionsPage'));
const InspectionPage = page(() => import('./pages/inspections/InspectionPage'));

/** Filters that travel with the user from page to page. */
const CARRIED = ['programme', 'unit'];

function carry(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of CARRIED) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** The landing page: "my work" for a reporter (light, no charts), the national overview for the others. */
function Home() {
  const { user, checked } = useAuth();
  const home = user ? homeOf(user) : rememberedHome();
  useEffect(() => {
    if (user) rememberHome(homeOf(user));
  }, [user]);
  // "My work" takes the first screen's place itself once it has its list (pages/my-work/MyWork.tsx).
  useLayoutEffect(() => {
    if (home === 'overview') releaseFirstScreen();
  }, [home]);
  if (home === 'my-work') return <MyWorkPage />;
  if (!home && !checked) return <LoadingBlock rows={6} />;
  return <Overview />;
}

/** A page this user may not use: why, in the user's language, and the way back. */
function NotOffered({ page }: { page: string }) {
  const { t } = useTranslation();
  const needs = PAGE_NEEDS[page] ?? [];
  return (
    <Text role="alert" p="xl" data-testid="not-offered">
      {t('access.pageNeeds', {
        page: t(`nav.${page}`),
        roles: needs.map((c) => t(`access.role.${roleNeeded(c)}`)).join(t('access.or')),
      })}{' '}
      <Link to="/">{t('nav.overview')}</Link>
    </Text>
  );
}

function Page({ path }: { path: string }) {
  const mayOpen = useMayOpen();
  const key = pageKey(path);
  if (!mayOpen(key) && path !== '/signin') return <NotOffered page={key} />;
  if (path === '/') return <Home />;
  if (path === '/overview') return <Overview />;
  if (path === '/my-work') return <MyWorkPage />;
  if (path === '/tree') return <TreePage />;
  if (path === '/list') return <ListPage />;
  if (path === '/reviews') return <ReviewsPage />;
  if (path === '/map') return <MapPage />;
  if (path === '/signin') return <SignInPage />;
  if (path === '/drafts') return <DraftsPage />;
  if (path === '/indicators') return <IndicatorListPage />;
  const ind = /^\/indicators\/([^/]+)$/.exec(path);
  if (ind) return <IndicatorPage code={decodeURIComponent(ind[1]!)} />;
  const rank = /^\/rankings\/([^/]+)$/.exec(path);
  if (rank) return <RankingPage index={decodeURIComponent(rank[1]!)} />;
  if (path === '/inspections') return <InspectionsPage />;
  const insp = /^\/inspections\/([^/]+)$/.exec(path);
  if (insp) return <InspectionPage code={decodeURIComponent(insp[1]!)} />;
  const m = /^\/assignments\/(\d+)$/.exec(path);
  if (m) return <AssignmentPage id={Number(m[1])} />;
  const card = /^\/scorecards\/([^/]+)$/.exec(path);
  if (card) return <ScorecardPage unit={decodeURIComponent(card[1]!)} />;
  if (path === '/forms') return <MyFormsPage />;
  const form = /^\/forms\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (form)
    return (
      <FormPage
        dataSet={decodeURIComponent(form[1]!)}
        unit={decodeURIComponent(form[2]!)}
        period={decodeURIComponent(form[3]!)}
      />
    );
  if (path === '/completeness') return <CompletenessPage />;
  if (path === '/grids') return <GridPage />;
  return <NotFound />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Text role="alert" p="xl">
      {t('errors.noPage')} <Link to="/">{t('nav.overview')}</Link>
    </Text>
  );
}

function Brand() {
  const { t } = useTranslation();
  return (
    <UnstyledButton
      component={Link}
      to="/"
      title={t('app.home')}
      style={{ display: 'flex', alignItems: 'center', gap: 10 }}
    >
      <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="6" fill="#fff" fillOpacity="0.15" />
        <path d="M8 23V9l8 8 8-8v14" stroke="white" strokeWidth="3" fill="none" strokeLinejoin="round" />
      </svg>
      <div>
        <Text fw={700} size="md" c="white" lh={1.1}>
          Mandate
        </Text>
        <Text size="xs" c="rgba(255,255,255,0.75)" lh={1.1} visibleFrom="sm">
          {t('app.tagline')}
        </Text>
      </div>
    </UnstyledButton>
  );
}

/** Mantine's `sm` (the navbar's breakpoint below): narrower, the navbar is hidden behind the menu button. */
const NAVBAR_BREAKPOINT = '48em';

/** Wait before fetching the user menu's code: the first screen is drawn by then, even on 3G. */
const MENU_LATER_MS = 3_000;

/** The user's name in the header; its menu's code comes after the first screen, or at once when clicked. */
function HeaderUser({ name }: { name: string }) {
  const [load, setLoad] = useState<'later' | 'now' | 'opened'>('later');
  useEffect(() => {
    const timer = setTimeout(() => setLoad((l) => (l === 'later' ? 'now' : l)), MENU_LATER_MS);
    return () => clearTimeout(timer);
  }, []);
  const standIn = <UserButton name={name} onClick={() => setLoad('opened')} />;
  if (load === 'later') return standIn;
  return (
    <Suspense fallback={standIn}>
      <UserMenu opened={load === 'opened'} />
    </Suspense>
  );
}

export default function App() {
  const { t, i18n } = useTranslation();
  const { path, params } = useLocation();
  const { user, checked, needSignIn } = useAuth();
  const mayOpen = useMayOpen();
  const [opened, { toggle, close }] = useDisclosure();
  // On a phone the navigation is off screen until the menu button opens it: its links are drawn
  // then (and kept), not with the first screen (a dozen NavLinks are a good part of its render on a
  // slow phone).
  const navShown =
    useMediaQuery(`(min-width: ${NAVBAR_BREAKPOINT})`, undefined, { getInitialValueInEffect: false }) || opened;
  const [navDrawn, setNavDrawn] = useState(navShown);
  if (navShown && !navDrawn) setNavDrawn(true);
  const { setDirection } = useDirection();
  const lang = i18n.resolvedLanguage ?? 'en';

  useEffect(() => {
    setDirection(isRtl(lang) ? 'rtl' : 'ltr');
  }, [lang, setDirection]);
  useEffect(() => {
    document.title = `${t(`nav.${pageKey(path)}`)} · Mandate`;
  }, [path, t, lang]);
  useEffect(close, [path, close]);
  // The first screen drawn before the app (first-screen/) is "my work": any other page replaces it at once.
  useLayoutEffect(() => {
    if (needSignIn || (path !== '/' && path !== '/my-work')) releaseFirstScreen();
  }, [needSignIn, path]);

  const carried = carry(params);
  const nav = [
    { key: 'myWork', to: '/my-work', active: path === '/my-work', icon: '☑' },
    { key: 'overview', to: href('/', carried), active: path === '/' || path === '/overview', icon: '◧' },
    { key: 'tree', to: href('/tree', carried), active: path === '/tree', icon: '☰' },
    {
      key: 'list',
      to: href('/list', carried),
      active: path === '/list' || path.startsWith('/assignments/'),
      icon: '≣',
    },
    { key: 'reviews', to: href('/reviews', carried), active: path === '/reviews', icon: '✓' },
    { key: 'map', to: href('/map', carried), active: path === '/map', icon: '▦' },
    { key: 'drafts', to: '/drafts', active: path === '/drafts', icon: '✎' },
    {
      key: 'indicators',
      to: href('/indicators', carried),
      active: path.startsWith('/indicators') || path.startsWith('/rankings/') || path.startsWith('/scorecards/'),
      icon: '∿',
    },
    { key: 'forms', to: '/forms', active: path.startsWith('/forms') || path === '/grids', icon: '✍' },
    { key: 'completeness', to: href('/completeness', carried), active: path === '/completeness', icon: '◔' },
    { key: 'inspections', to: href('/inspections', carried), active: path.startsWith('/inspections'), icon: '⚑' },
  ].filter((n) => mayOpen(n.key));

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 224, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('app.skip')}
      </a>
      <AppShell.Header bg="#1c3d6e" style={{ borderBottom: 0 }}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              color="white"
              aria-label={t('app.menu')}
            />
            <Brand />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NativeSelect
              aria-label={t('app.language')}
              data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
              value={lang}
              onChange={(e) => void changeLanguage(e.currentTarget.value)}
              size="xs"
              w={130}
              data-testid="language"
            />
            {user && <HeaderUser name={user.name} />}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('app.navigation')}>
        <nav aria-label={t('app.navigation')}>
          {navDrawn &&
            nav.map((n) => (
              <NavLink
                key={n.key}
                component={Link}
                to={n.to}
                active={n.active}
                aria-current={n.active ? 'page' : undefined}
                label={t(`nav.${n.key}`)}
                leftSection={
                  <span aria-hidden="true" style={{ width: 16, display: 'inline-block', textAlign: 'center' }}>
                    {n.icon}
                  </span>
                }
                style={{ borderRadius: 6 }}
                fw={n.active ? 600 : 400}
              />
            ))}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main bg="#f5f7fa" id="main" tabIndex={-1}>
        <ErrorBoundary resetKey={path}>
          <Suspense fallback={<LoadingBlock rows={8} />}>
            {!checked && !user ? <LoadingBlock rows={8} /> : needSignIn ? <SignInPage /> : <Page path={path} />}
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}

function pageKey(path: string): string {
  if (path === '/my-work') return 'myWork';
  if (path === '/tree') return 'tree';
  if (path === '/list' || path.startsWith('/assignments/')) return 'list';
  if (path === '/reviews') return 'reviews';
  if (path === '/map') return 'map';
  if (path === '/drafts') return 'drafts';
  if (path.startsWith('/indicators') || path.startsWith('/rankings/') || path.startsWith('/scorecards/'))
    return 'indicators';
  if (path.startsWith('/forms') || path === '/grids') return 'forms';
  if (path === '/completeness') return 'completeness';
  if (path.startsWith('/inspections')) return 'inspections';
  return 'overview';
}

export { navigate };
