/**
 * The broker URI field, checked live with profiles.checkUri: a bad URI shows what is wrong under
 * the field and underlines the offending characters; a good one lists the brokers it names.
 */
import { useEffect, useState } from 'react';
import { request } from '../../api-client';
import { toUiError, uriErrorSpan } from '../../lib/errors';

interface Check {
  readonly uri: string;
  readonly ok?: { brokers: string[]; failover: boolean };
  readonly error?: { message: string; offset?: number; length?: number };
}

export function UriField({ value, onChange, disabled }: { value: string; onChange(value: string): void; disabled?: boolean }) {
  const [check, setCheck] = useState<Check>();
  useEffect(() => {
    if (disabled || !value.trim()) {
      setCheck(undefined);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      request('profiles.checkUri', { uri: value })
        .then((ok) => live && setCheck({ uri: value, ok }))
        .catch((error) => {
          if (!live) return;
          const ui = toUiError(error);
          const span = uriErrorSpan(ui.details);
          setCheck({ uri: value, error: { message: ui.message, offset: span?.offset, length: span?.length } });
        });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [value, disabled]);

  const error = check?.uri === value ? check.error : undefined;
  const ok = check?.uri === value ? check.ok : undefined;
  return (
    <div className="field field-wide">
      <label htmlFor="profile-uri">Broker URI</label>
      <input
        id="profile-uri"
        className="mono"
        value={value}
        disabled={disabled}
        spellCheck={false}
        autoComplete="off"
        placeholder="failover:(tcp://amq1:61613,ssl://amq2:61614)?randomize=false"
        aria-invalid={error ? true : undefined}
        aria-describedby="profile-uri-help"
        onChange={(e) => onChange(e.target.value)}
      />
      <div id="profile-uri-help">
        {disabled ? (
          <p className="hint">The sandbox broker runs inside the app; its address is chosen when it starts.</p>
        ) : error ? (
          <div className="field-error" role="alert">
            {error.offset !== undefined ? <UriMark uri={value} offset={error.offset} length={error.length ?? 1} /> : null}
            <p>
              <span aria-hidden="true">⚠ </span>
              {error.offset !== undefined ? `At character ${error.offset + 1}: ${uriProblemText(error.message, error.offset)}` : error.message}
            </p>
          </div>
        ) : ok ? (
          <p className="hint">
            {ok.failover ? 'Failover across ' : 'Broker: '}
            <span className="mono">{ok.brokers.join(', ')}</span>
          </p>
        ) : (
          <p className="hint">tcp://, ssl://, ws://, wss:// or failover:(…)?options</p>
        )}
      </div>
    </div>
  );
}

/**
 * The host's message names positions as 0-based "at N" ("bad port "x" at 16: hint"). The line
 * already starts "At character 17:", so the position the underline marks is dropped from the
 * message, and any other position (e.g. "the first is at 4") is given the same 1-based way.
 * Quoted URI text is left alone.
 */
export function uriProblemText(message: string, offset: number): string {
  return message
    .replace(/"[^"]*"|\s+at (\d+)\b/g, (whole, at: string | undefined) => {
      if (at === undefined) return whole;
      return Number(at) === offset ? '' : ` at character ${Number(at) + 1}`;
    })
    .trim();
}

/** The URI again, with the offending span underlined (a zero-width one points after the text). */
function UriMark({ uri, offset, length }: { uri: string; offset: number; length: number }) {
  const start = Math.min(offset, uri.length);
  const end = Math.min(uri.length, start + length);
  const bad = uri.slice(start, end) || ' ';
  return (
    <div className="uri-mark mono" aria-hidden="true">
      {uri.slice(0, start)}
      <mark>{bad}</mark>
      {uri.slice(end)}
    </div>
  );
}
