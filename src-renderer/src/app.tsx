/** The window: left rail, main area (tabs, panes, dock), and the overlays. */
import { BootScreen } from './features/app/boot-screen';
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
  const { state } = useBootstrap();
  if (state.phase !== 'ready') return <BootScreen state={state} />;
  return (
    <div className="app">
      {/* The first stop of Tab: past the rail to the workspace. F6 then moves between the panes. */}
      <a className="skip-link" href="#workspace" onClick={(e) => (e.preventDefault(), document.getElementById('workspace')?.focus())}>
        Skip to the workspace
      </a>
      <LeftRail />
      <MainArea />
      <ProfileEditorDialog />
      <CommandPalette />
      <ShortcutsOverlay />
    </div>
  );
}
