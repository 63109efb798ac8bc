/** The left rail: profiles, open connections, and the app's own switches. */
import { useUi, type ThemeChoice } from '../../stores/ui-store';
import { OpenConnections } from './open-connections';
import { ProfileList } from './profile-list';
import { ProxyRailSection } from '../proxy/proxy-rail-section';

export function LeftRail() {
  const theme = useUi((s) => s.theme);
  return (
    <nav className="rail" aria-label="Profiles and connections" data-pane="rail" tabIndex={-1}>
      <div className="rail-brand">
        <span className="brand-mark" aria-hidden="true">
          ⇄
        </span>
        STOMP Explorer
      </div>
      <div className="rail-scroll">
        <ProfileList />
        <OpenConnections />
        <ProxyRailSection />
      </div>
      <div className="rail-footer">
        <label className="inline-field">
          <span>Theme</span>
          <select value={theme} onChange={(e) => useUi.getState().setTheme(e.target.value as ThemeChoice)} aria-label="Theme">
            <option value="system">Follow system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <div className="rail-footer-buttons">
          <button type="button" className="small" onClick={() => useUi.getState().setPalette(true)} title="Ctrl/Cmd+K">
            Command palette
          </button>
          <button type="button" className="small" onClick={() => useUi.getState().setShortcuts(true)} aria-label="Keyboard shortcuts" title="?">
            ?
          </button>
        </div>
      </div>
    </nav>
  );
}
