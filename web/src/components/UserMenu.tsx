/**
 * The signed-in user's menu in the header (roles, sign out). Its own chunk (App.tsx loads it
 * lazily): the menu's popover code is not part of the reporter's first screen on a slow network.
 */
import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../lib/auth';
import { UserName } from './UserName';

export default function UserMenu() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  if (!user) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          size="compact-sm"
          variant="subtle"
          color="white"
          c="white"
          data-testid="user-menu"
          aria-label={t('access.userMenu', { name: user.name })}
          maw={160}
        >
          <UserName name={user.name} />
        </Button>
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
