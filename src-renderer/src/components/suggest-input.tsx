/**
 * A text field with a suggestion list (destinations, header names): an ARIA 1.2 combobox (role
 * combobox, named by its label, aria-expanded and aria-controls naming its listbox, the active
 * option announced through aria-activedescendant). ↑/↓ move, Enter or Tab accept, Esc closes.
 */
import { useId, useMemo, useState, type InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'list'> & {
  value: string;
  onValueChange(value: string): void;
  suggestions: readonly string[];
  /** At most this many suggestions are shown. */
  max?: number;
};

export function SuggestInput({ value, onValueChange, suggestions, max = 12, className, onKeyDown, onBlur, onFocus, ...rest }: Props) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const matches = useMemo(() => {
    const v = value.toLowerCase();
    const starts = suggestions.filter((s) => s.toLowerCase().startsWith(v) && s !== value);
    const contains = v ? suggestions.filter((s) => !s.toLowerCase().startsWith(v) && s.toLowerCase().includes(v)) : [];
    return [...starts, ...contains].slice(0, max);
  }, [value, suggestions, max]);
  const shown = open && matches.length > 0;

  const accept = (s: string) => {
    onValueChange(s);
    setActive(-1);
    // A prefix such as /queue/ invites more typing; a full destination closes the list.
    setOpen(s.endsWith('/') || s.endsWith('.'));
  };

  return (
    <div className="suggest">
      <input
        {...rest}
        className={className}
        value={value}
        autoComplete="off"
        role="combobox"
        aria-autocomplete="list"
        aria-controls={shown ? listId : undefined}
        aria-expanded={shown}
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          onValueChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={(e) => {
          setOpen(true);
          onFocus?.(e);
        }}
        onBlur={(e) => {
          setOpen(false);
          onBlur?.(e);
        }}
        onKeyDown={(e) => {
          if (shown && e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => (a + 1) % matches.length);
          } else if (shown && e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => (a <= 0 ? matches.length - 1 : a - 1));
          } else if (shown && active >= 0 && (e.key === 'Enter' || e.key === 'Tab')) {
            e.preventDefault();
            accept(matches[active]);
          } else if (shown && e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            setOpen(false);
          } else if (!shown && e.key === 'ArrowDown') {
            setOpen(true);
          }
          onKeyDown?.(e);
        }}
      />
      {shown ? (
        <ul className="suggest-list" id={listId} role="listbox" aria-label="Suggestions">
          {matches.map((s, i) => (
            <li
              key={s}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(s);
              }}
            >
              {s}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
