import { Button, Text } from '@mantine/core';
import { forwardRef, type ComponentPropsWithoutRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The header's button with the signed-in user's name: the target of the user menu (UserMenu.tsx),
 * and its stand-in until the menu's code has loaded (App.tsx).
 */
export const UserButton = forwardRef<HTMLButtonElement, { name: string } & ComponentPropsWithoutRef<'button'>>(
  function UserButton({ name, ...rest }, ref) {
    const { t } = useTranslation();
    return (
      <Button
        ref={ref}
        size="compact-sm"
        variant="subtle"
        color="white"
        c="white"
        data-testid="user-menu"
        aria-label={t('access.userMenu', { name })}
        maw={160}
        {...rest}
      >
        <Text span size="sm" truncate="end" dir="auto">
          {name}
        </Text>
      </Button>
    );
  },
);
