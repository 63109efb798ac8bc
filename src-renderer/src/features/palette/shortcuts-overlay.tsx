/** `?`: every keyboard shortcut on one sheet. */
import { Dialog } from '../../components/dialog';
import { useUi } from '../../stores/ui-store';

const SHORTCUTS: [string, string][] = [
  ['Ctrl/⌘ + Enter', 'Send the composer'],
  ['Ctrl/⌘ + K', 'Command palette: profiles, destinations, actions'],
  ['↑ / ↓ or J / K', 'Move in the message list'],
  ['Shift + ↑ / ↓, Shift/Ctrl + click', 'Select several messages'],
  ['Home / End', 'First / newest message (End follows the tail)'],
  ['A', 'Ack the selected message(s)'],
  ['N', 'Nack the selected message(s)'],
  ['R', 'Replay the message as captured'],
  ['/', 'Filter messages (text, re:regex, header:value)'],
  ['Esc', 'Close a dialog, clear the filter'],
  ['F6 / Shift + F6', 'Next / previous pane: rail, subscriptions, messages, inspector, dock'],
  ['Delete (on a tab)', 'Close the connection tab'],
  ['?', 'This sheet'],
];

export function ShortcutsOverlay() {
  const open = useUi((s) => s.shortcutsOpen);
  return (
    <Dialog open={open} onOpenChange={(o) => useUi.getState().setShortcuts(o)} title="Keyboard shortcuts" wide>
      <table className="shortcuts" aria-label="Keyboard shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
