/**
 * The signed-in user's menu in the header (roles, sign out). Its own chunk, loaded once the first
 * screen is drawn or when the user opens it (App.tsx): the menu's popover code and the rest of
 * Mantine's styles are not part of the reporter's first screen on a slow network.
 */
import { Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../lib/auth';
import { UserButton } from './UserButton';

export default function UserMenu({ opened = false }: { opened?: boolean }) {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  if (!user) return null;
  return (
    <Menu position="bottom-end" withinPortal defaultOpened={opened}>
      <Menu.Target>
        <UserButton name={user.name} />
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <bdi>{user.name}</bdi> ·{' '}
          {[...new Set(user.grants.map((g) => t(`access.role.${g.role}`)))].join(', ') || t('access.noRole')}
        </Menu.Label>
        <Menu.Item onClick={() => void signOut()} data-testid="sign-out">
          {t('signIn.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
