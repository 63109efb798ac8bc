/** The app-wide keymap. Letters act only when the user is not typing in a field. */
import { useEffect } from 'react';
import { replay, settle } from '../../stores/message-actions';
import { useUi } from '../../stores/ui-store';
import { FILTER_INPUT_ID } from '../messages/filter-box';

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/** Focuses the next (or previous) `[data-pane]` region after the one holding the focus. */
function focusNextPane(step: 1 | -1): void {
  const panes = [...document.querySelectorAll<HTMLElement>('[data-pane]')].filter((el) => el.offsetParent !== null);
  if (!panes.length) return;
  const current = panes.findIndex((el) => el.contains(document.activeElement));
  const next = panes[(current + step + panes.length) % panes.length] ?? panes[0];
  next.focus();
}

function overlayOpen(): boolean {
  return !!document.querySelector('[role="dialog"], [role="menu"]');
}

export function useGlobalKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (e.key === 'F6' && !overlayOpen()) {
        // Pane to pane (rail, subscriptions, messages, inspector, dock), as desktop apps do.
        e.preventDefault();
        focusNextPane(e.shiftKey ? -1 : 1);
        return;
      }
      if (mod && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        useUi.getState().setPalette(!useUi.getState().paletteOpen);
        return;
      }
      if (mod && e.key === 'Enter') {
        // Outside the composer form, Ctrl/Cmd+Enter still sends it.
        const form = document.querySelector<HTMLFormElement>('form.composer');
        if (form) {
          e.preventDefault();
          form.requestSubmit();
        }
        return;
      }
      if (e.defaultPrevented || mod || e.altKey || typing(e.target) || overlayOpen()) return;
      switch (e.key) {
        case '/':
          e.preventDefault();
          document.getElementById(FILTER_INPUT_ID)?.focus();
          break;
        case '?':
          e.preventDefault();
          useUi.getState().setShortcuts(true);
          break;
        case 'j':
        case 'J':
          window.dispatchEvent(new CustomEvent('stomp-explorer:move', { detail: 1 }));
          break;
        case 'k':
        case 'K':
          window.dispatchEvent(new CustomEvent('stomp-explorer:move', { detail: -1 }));
          break;
        case 'a':
        case 'A':
          void settle('ack');
          break;
        case 'n':
        case 'N':
          void settle('nack');
          break;
        case 'r':
        case 'R':
          void replay('as-captured');
          break;
        default:
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
