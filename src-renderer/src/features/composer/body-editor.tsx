/** The composer's body: text, JSON (validated as you type), hex, base64, or a file. */
import * as ToggleGroup from '@radix-ui/react-toggle-group';
import { useMemo, useState } from 'react';
import { parseHex, validateBase64 } from '../../lib/bytes';
import { readFileAsBody } from '../../lib/download';
import { formatBytes } from '../../lib/format';
import { jsonProblem, useComposer, type BodyMode } from '../../stores/composer-store';

const MODES: { mode: BodyMode; label: string }[] = [
  { mode: 'text', label: 'Text' },
  { mode: 'json', label: 'JSON' },
  { mode: 'hex', label: 'Hex' },
  { mode: 'base64', label: 'Base64' },
  { mode: 'file', label: 'File' },
];

export function BodyEditor() {
  const mode = useComposer((s) => s.bodyMode);
  const text = useComposer((s) => s.bodyText);
  const file = useComposer((s) => s.file);
  const [fileError, setFileError] = useState<string>();
  const patch = useComposer.getState().patch;

  const problem = useMemo(() => {
    if (mode === 'json') return text.trim() ? jsonProblem(text) : undefined;
    if (mode === 'hex') {
      const parsed = parseHex(text);
      return 'error' in parsed ? parsed.error : undefined;
    }
    if (mode === 'base64') return validateBase64(text);
    return undefined;
  }, [mode, text]);
  const size = useMemo(() => {
    if (mode === 'file') return file?.size;
    if (mode === 'hex') {
      const p = parseHex(text);
      return 'bytes' in p ? p.bytes.length : undefined;
    }
    if (mode === 'base64') return problem ? undefined : Math.floor((text.replace(/\s+|=+$/g, '').length * 3) / 4);
    return new TextEncoder().encode(text).length;
  }, [mode, text, file, problem]);

  const format = () => {
    try {
      patch({ bodyText: JSON.stringify(JSON.parse(text), null, 2) });
    } catch {
      /* the problem is already shown under the editor */
    }
  };

  return (
    <fieldset className="body-editor">
      <legend>Body</legend>
      <div className="body-editor-bar">
        <ToggleGroup.Root type="single" className="segmented" aria-label="Body format" value={mode} onValueChange={(v) => v && patch({ bodyMode: v as BodyMode })}>
          {MODES.map((m) => (
            <ToggleGroup.Item key={m.mode} value={m.mode} className="segment" aria-label={m.label}>
              {m.label}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
        {mode === 'json' ? (
          <button type="button" className="small" onClick={format} disabled={!!problem}>
            Format JSON
          </button>
        ) : null}
        <span className="muted">{size !== undefined ? formatBytes(size) : ''}</span>
      </div>
      {mode === 'file' ? (
        <div className="file-body">
          <input
            type="file"
            aria-label="Body file"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              setFileError(undefined);
              if (!f) return;
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
            <span className="muted">The file's bytes are sent as they are.</span>
          )}
          {fileError ? (
            <p className="error-text" role="alert">
              {fileError}
            </p>
          ) : null}
        </div>
      ) : (
        <textarea
          id="composer-body"
          className="mono body-input"
          aria-label="Body"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'composer-body-problem' : undefined}
          spellCheck={false}
          value={text}
          placeholder={mode === 'hex' ? '48 65 6c 6c 6f 00 ff' : mode === 'base64' ? 'SGVsbG8=' : mode === 'json' ? '{"orderId": 42}' : 'Hello'}
          onChange={(e) => patch({ bodyText: e.target.value })}
        />
      )}
      {problem ? (
        <p className="error-text" id="composer-body-problem">
          <span aria-hidden="true">⚠ </span>
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
