/** One saved profile in the rail: colour dot, name, state; click connects (or shows the open connection). */
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import type { Profile } from '../../../../src-core/api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { StateBadge, stateWord } from '../../components/state-badge';
import { download, safeFileName } from '../../lib/download';
import { errorText } from '../../lib/errors';
import { SANDBOX_COLOR } from '../../lib/presets';
import { useConnections } from '../../stores/connections-store';
import { useProfiles } from '../../stores/profiles-store';
import { profileState } from './profile-state';

export function ProfileRow({ profile, onError }: { profile: Profile; onError(message: string | undefined): void }) {
  const state = useConnections((s) => profileState(profile.id, s.byId));
  const opening = useConnections((s) => s.opening[profile.id]?.pending ?? false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const color = profile.color ?? (profile.preset === 'sandbox' ? SANDBOX_COLOR : '#64748b');
  const descId = `profile-state-${profile.id}`;

  const connect = async () => {
    onError(undefined);
    try {
      await useConnections.getState().open(profile.id);
    } catch (error) {
      onError(`${profile.name}: ${errorText(error)}`);
    }
  };
  const act = (what: string, fn: () => Promise<unknown>) => () => {
    onError(undefined);
    fn().catch((error) => onError(`${what} ${profile.name}: ${errorText(error)}`));
  };

  return (
    <li className={`profile-row${profile.preset === 'sandbox' ? ' is-sandbox' : ''}`}>
      {/* The button's name is the profile's name, as it reads; its state and warnings sit beside it. */}
      <button
        type="button"
        className="profile-main"
        aria-describedby={descId}
        title={state === 'idle' ? `Connect to ${profile.name}` : `Show ${profile.name} (${stateWord(state)})`}
        onClick={() => void connect()}
        aria-busy={opening}
      >
        <span className="rail-title">
          <span className="color-dot" style={{ background: color }} aria-hidden="true" />
          <span className="profile-name">{profile.name}</span>
        </span>
      </button>
      <span className="profile-meta">
        {profile.tls?.verify === false ? (
          <span className="chip chip-warn" title="TLS certificate verification is off for this profile">
            <span aria-hidden="true">⚠</span>
            <span className="sr-only">TLS unverified</span>
          </span>
        ) : null}
        <StateBadge state={opening ? 'connecting' : state} id={descId} compact />
      </span>
      <Menu.Root modal={false}>
        <Menu.Trigger className="icon-button row-menu" aria-label={`Actions for ${profile.name}`}>
          ⋯
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" align="start" sideOffset={4}>
            <Menu.Item className="menu-item" onSelect={() => void connect()}>
              Connect
            </Menu.Item>
            <Menu.Item className="menu-item" onSelect={() => useProfiles.getState().openEditor(profile.id)}>
              Edit…
            </Menu.Item>
            <Menu.Item className="menu-item" onSelect={act('Duplicate', () => useProfiles.getState().duplicate(profile.id))}>
              Duplicate
            </Menu.Item>
            <Menu.Item
              className="menu-item"
              onSelect={act('Export', async () => {
                const json = await useProfiles.getState().exportJson([profile.id]);
                download(`${safeFileName(profile.name, 'profile')}.stomp-profiles.json`, json, 'application/json');
              })}
            >
              Export (without secrets)
            </Menu.Item>
            {profile.builtIn ? null : (
              <>
                <Menu.Separator className="menu-separator" />
                <Menu.Item className="menu-item danger" onSelect={() => setConfirmDelete(true)}>
                  Delete…
                </Menu.Item>
              </>
            )}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete profile ${profile.name}?`}
        description="The profile and its saved passcode are removed. Open connections stay open until closed."
        confirmLabel="Delete profile"
        danger
        onConfirm={() => useProfiles.getState().remove(profile.id)}
      />
    </li>
  );
}
