/** Ctrl/Cmd+K: jump to a profile, subscribe or send to a destination, or run an action. */
import { Command } from 'cmdk';
import { useState } from 'react';
import { errorText } from '../../lib/errors';
import { useConnections } from '../../stores/connections-store';
import { useComposer } from '../../stores/composer-store';
import { useProfiles } from '../../stores/profiles-store';
import { useSubscriptions } from '../../stores/subscriptions-store';
import { useUi, type DockTab } from '../../stores/ui-store';
import { useWorkspace } from '../../stores/workspace-store';
import { FILTER_INPUT_ID } from '../messages/filter-box';

export function CommandPalette() {
  const open = useUi((s) => s.paletteOpen);
  const profiles = useProfiles((s) => s.profiles);
  const destinations = useSubscriptions((s) => s.seenDestinations);
  const active = useWorkspace((s) => s.active);
  const connection = useConnections((s) => (active?.kind === 'connection' ? s.byId[active.id] : undefined));
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string>();

  const close = () => {
    useUi.getState().setPalette(false);
    setSearch('');
  };
  const run = (fn: () => unknown) => () => {
    setError(undefined);
    close();
    Promise.resolve()
      .then(fn)
      .catch((e) => {
        setError(errorText(e));
        useUi.getState().setPalette(true);
      });
  };
  // A connection's action reports to that connection's header, where its state is shown.
  const runOn = (connectionId: string, what: string, fn: () => Promise<unknown>) => () => {
    close();
    useConnections.getState().setActionError(connectionId, undefined);
    fn().catch((e) => useConnections.getState().setActionError(connectionId, `${what} failed: ${errorText(e)}`));
  };
  const dock = (tab: DockTab) => run(() => useUi.getState().setDock(true, tab));
  const typed = search.trim();
  const typedIsDestination = typed.startsWith('/') && !destinations.includes(typed);

  return (
    <Command.Dialog
      open={open}
      onOpenChange={(o) => (o ? useUi.getState().setPalette(true) : close())}
      label="Command palette"
      className="palette"
      overlayClassName="dialog-overlay"
      contentClassName="palette-content"
    >
      <Command.Input value={search} onValueChange={setSearch} placeholder="Type a profile, a destination, or an action…" aria-label="Command" className="palette-input" />
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <Command.List className="palette-list">
        <Command.Empty>Nothing matches. Type a destination starting with / to subscribe or send to it.</Command.Empty>
        <Command.Group heading="Profiles">
          {profiles.map((p) => (
            <Command.Item key={p.id} value={`connect ${p.name}`} onSelect={run(() => useConnections.getState().open(p.id))}>
              Connect to {p.name}
            </Command.Item>
          ))}
        </Command.Group>
        {connection ? (
          <Command.Group heading="Destinations">
            {typedIsDestination ? (
              <>
                <Command.Item value={`subscribe ${typed}`} onSelect={run(() => useSubscriptions.getState().add({ connectionId: connection.id, destination: typed }))}>
                  Subscribe to {typed}
                </Command.Item>
                <Command.Item value={`send ${typed}`} onSelect={run(() => sendTo(typed))}>
                  Send to {typed}
                </Command.Item>
              </>
            ) : null}
            {destinations.map((d) => (
              <Command.Item key={d} value={`send ${d}`} onSelect={run(() => sendTo(d))}>
                Send to {d}
              </Command.Item>
            ))}
            {destinations.map((d) => (
              <Command.Item key={`s-${d}`} value={`subscribe ${d}`} onSelect={run(() => useSubscriptions.getState().add({ connectionId: connection.id, destination: d }))}>
                Subscribe to {d}
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
        <Command.Group heading="Actions">
          <Command.Item onSelect={run(() => useProfiles.getState().openEditor('new'))}>New profile</Command.Item>
          {connection ? (
            <>
              <Command.Item onSelect={runOn(connection.id, 'Disconnect', () => useConnections.getState().close(connection.id))}>Disconnect {connection.profileName}</Command.Item>
              {connection.state === 'connected' || connection.state === 'failed' || connection.state === 'disconnected' ? (
                <Command.Item onSelect={runOn(connection.id, 'Reconnect', () => useConnections.getState().reconnect(connection.id))}>
                  {connection.state === 'connected' ? `Reconnect ${connection.profileName} (drop and reconnect, subscriptions replayed)` : `Reconnect ${connection.profileName}`}
                </Command.Item>
              ) : null}
            </>
          ) : null}
          <Command.Item onSelect={run(() => document.getElementById(FILTER_INPUT_ID)?.focus())}>Filter messages</Command.Item>
          <Command.Item onSelect={dock('composer')}>Show composer</Command.Item>
          <Command.Item onSelect={dock('wire')}>Show wire log</Command.Item>
          <Command.Item onSelect={dock('receipts')}>Show receipts</Command.Item>
          <Command.Item onSelect={dock('transactions')}>Show transactions</Command.Item>
          <Command.Item onSelect={dock('captures')}>Show captures</Command.Item>
          <Command.Item onSelect={run(() => useUi.getState().setTheme('light'))}>Theme: light</Command.Item>
          <Command.Item onSelect={run(() => useUi.getState().setTheme('dark'))}>Theme: dark</Command.Item>
          <Command.Item onSelect={run(() => useUi.getState().setTheme('system'))}>Theme: follow system</Command.Item>
          <Command.Item onSelect={run(() => useUi.getState().setShortcuts(true))}>Keyboard shortcuts</Command.Item>
        </Command.Group>
      </Command.List>
    </Command.Dialog>
  );
}

function sendTo(destination: string): void {
  useComposer.getState().patch({ destination });
  useUi.getState().setDock(true, 'composer');
  requestAnimationFrame(() => document.getElementById('composer-body')?.focus());
}
