/** The raw frame's body: text (UTF-8), hex digits, or a file's bytes. Its problems come from the host's check. */
import * as ToggleGroup from '@radix-ui/react-toggle-group';
import { useState } from 'react';
import { readFileAsBody } from '../../lib/download';
import { formatBytes } from '../../lib/format';
import { useRawComposer, type RawBodyMode } from '../../stores/raw-composer-store';
import { RAW_LIMITS } from '../../../../src-core/api/schemas/raw';

const MODES: { mode: RawBodyMode; label: string }[] = [
  { mode: 'text', label: 'Text' },
  { mode: 'hex', label: 'Hex' },
  { mode: 'file', label: 'File' },
];

export function RawBody({ problem }: { problem: string | undefined }) {
  const mode = useRawComposer((s) => s.bodyMode);
  const text = useRawComposer((s) => s.bodyText);
  const hex = useRawComposer((s) => s.bodyHex);
  const file = useRawComposer((s) => s.file);
  const bodyLength = useRawComposer((s) => s.check?.bodyLength);
  const [fileError, setFileError] = useState<string>();
  const patch = useRawComposer.getState().patch;
  const errorId = 'raw-body-error';
  return (
    <fieldset className="raw-body">
      <legend>Body</legend>
      <div className="body-editor-bar">
        <ToggleGroup.Root type="single" className="segmented" aria-label="Body as" value={mode} onValueChange={(v) => v && patch({ bodyMode: v as RawBodyMode })}>
          {MODES.map((m) => (
            <ToggleGroup.Item key={m.mode} value={m.mode} className="segment" aria-label={`Body as ${m.label.toLowerCase()}`}>
              {m.label}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
        <span className="muted">{bodyLength !== undefined ? formatBytes(bodyLength) : ''}</span>
      </div>
      {mode === 'text' ? (
        <textarea className="mono raw-body-input" aria-label="Body text" value={text} spellCheck={false} onChange={(e) => patch({ bodyText: e.target.value })} />
      ) : mode === 'hex' ? (
        <textarea
          className="mono raw-body-input"
          aria-label="Body hex"
          placeholder="48 65 6c 6c 6f 00 ff"
          value={hex}
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? errorId : undefined}
          onChange={(e) => patch({ bodyHex: e.target.value })}
        />
      ) : (
        <div className="file-body">
          <input
            type="file"
            aria-label="Body file"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              setFileError(undefined);
              if (!f) return;
              if (f.size > RAW_LIMITS.body) {
                setFileError(`${f.name} is ${formatBytes(f.size)}: the raw composer takes up to ${formatBytes(RAW_LIMITS.body)}.`);
                return;
              }
              try {
                patch({ file: await readFileAsBody(f) });
              } catch (err) {
                setFileError((err as Error).message);
              }
            }}
          />
          {file ? (
            <span className="mono">
              {file.name} · {formatBytes(file.size)}
            </span>
          ) : (
            <span className="muted">No file chosen: the body is empty.</span>
          )}
        </div>
      )}
      {problem || fileError ? (
        <p className="error-text field-error" id={errorId} role="alert">
          <span aria-hidden="true">⚠ </span>
          {problem ?? fileError}
        </p>
      ) : null}
    </fieldset>
  );
}
