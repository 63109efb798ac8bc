/** The window: left rail, main area (tabs, panes, dock), and the overlays. */
import { useBootstrap } from './features/app/use-bootstrap';
import { useGlobalKeys } from './features/app/use-global-keys';
import { useTheme } from './features/app/use-theme';
import { CommandPalette } from './features/palette/command-palette';
import { ShortcutsOverlay } from './features/palette/shortcuts-overlay';
import { LeftRail } from './features/rail/left-rail';
import { ProfileEditorDialog } from './features/rail/profile-editor-dialog';
import { MainArea } from './features/workspace/main-area';

export function App() {
  useTheme();
  useGlobalKeys();
  const { state, retry } = useBootstrap();
  if (state.phase !== 'ready') {
    return (
      <main className="boot">
        <h1>STOMP Explorer</h1>
        {state.phase === 'starting' ? (
          <p role="status">Connecting to the app host…</p>
        ) : (
          <div role="alert" className="boot-error">
            <p>
              <strong>Cannot reach the STOMP Explorer host.</strong>
            </p>
            <p className="mono">{state.message}</p>
            <p className="hint">In browser mode, open the exact address the app printed (it carries the access token), and keep the app running.</p>
            <button type="button" className="primary" onClick={retry}>
              Try again
            </button>
          </div>
        )}
      </main>
    );
  }
  return (
    <div className="app">
      <LeftRail />
      <MainArea />
      <ProfileEditorDialog />
      <CommandPalette />
      <ShortcutsOverlay />
    </div>
  );
}
