/**
 * The application menu. File: import and export of profiles and captures (native dialogs), quit.
 * Edit: the standard editing roles (copy and paste need them on macOS). View: zoom and full screen;
 * reload and developer tools only in development. Help: about.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  importProfiles(): void;
  exportProfiles(): void;
  importCapture(): void;
  exportCapture(): void;
  about(): void;
}

export interface MenuInput {
  readonly isDev: boolean;
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  readonly actions: MenuActions;
}

export function buildMenuTemplate({ isDev, platform, appName, actions }: MenuInput): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: appName,
      submenu: [
        { label: `About ${appName}`, click: () => actions.about() },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      { id: 'import-profiles', label: 'Import Profiles…', click: () => actions.importProfiles() },
      { id: 'export-profiles', label: 'Export Profiles…', click: () => actions.exportProfiles() },
      { type: 'separator' },
      { id: 'import-capture', label: 'Import Capture…', click: () => actions.importCapture() },
      { id: 'export-capture', label: 'Export Capture…', click: () => actions.exportCapture() },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  });
  template.push({ label: '&Edit', role: 'editMenu' });
  template.push({
    label: '&View',
    submenu: [
      ...(isDev
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  if (mac) template.push({ role: 'windowMenu' });
  template.push({
    label: '&Help',
    role: 'help',
    submenu: [{ id: 'about', label: `About ${appName}`, click: () => actions.about() }],
  });
  return template;
}
