/** How the frame is put together: framing, line endings, escaping, the final NUL, and the version it is judged by. */
import * as ToggleGroup from '@radix-ui/react-toggle-group';
import { useRawComposer, type RawVersion } from '../../stores/raw-composer-store';

export function RawOptions({ negotiated }: { negotiated: string | undefined }) {
  const framing = useRawComposer((s) => s.framing);
  const eol = useRawComposer((s) => s.eol);
  const escape = useRawComposer((s) => s.escape);
  const nul = useRawComposer((s) => s.nul);
  const version = useRawComposer((s) => s.version);
  const patch = useRawComposer.getState().patch;
  return (
    <fieldset className="raw-options">
      <legend>Framing</legend>
      <div className="raw-option">
        <span id="raw-framing-label">Body ends by</span>
        <ToggleGroup.Root type="single" className="segmented" aria-labelledby="raw-framing-label" value={framing} onValueChange={(v) => v && patch({ framing: v as 'content-length' | 'nul' })}>
          <ToggleGroup.Item value="content-length" className="segment" aria-label="content-length" title="Adds content-length with the body's length, unless you wrote one">
            content-length
          </ToggleGroup.Item>
          <ToggleGroup.Item value="nul" className="segment" aria-label="NUL" title="No content-length: the body ends at the first NUL">
            NUL
          </ToggleGroup.Item>
        </ToggleGroup.Root>
      </div>
      <div className="raw-option">
        <span id="raw-eol-label">Line endings</span>
        <ToggleGroup.Root type="single" className="segmented" aria-labelledby="raw-eol-label" value={eol} onValueChange={(v) => v && patch({ eol: v as 'lf' | 'crlf' })}>
          <ToggleGroup.Item value="lf" className="segment" aria-label="LF">
            LF
          </ToggleGroup.Item>
          <ToggleGroup.Item value="crlf" className="segment" aria-label="CR LF">
            CR LF
          </ToggleGroup.Item>
        </ToggleGroup.Root>
      </div>
      <label className="check">
        <input type="checkbox" checked={escape} onChange={(e) => patch({ escape: e.target.checked })} /> Escape header names and values
      </label>
      <label className="check">
        <input type="checkbox" checked={nul} onChange={(e) => patch({ nul: e.target.checked })} /> End the frame with NUL
      </label>
      <div className="raw-option">
        <label htmlFor="raw-version">Judge as STOMP</label>
        {negotiated ? (
          <span className="mono" id="raw-version">
            {negotiated} <span className="muted">(negotiated)</span>
          </span>
        ) : (
          <select id="raw-version" value={version} onChange={(e) => patch({ version: e.target.value as RawVersion })}>
            <option value="1.2">1.2</option>
            <option value="1.1">1.1</option>
            <option value="1.0">1.0</option>
          </select>
        )}
      </div>
    </fieldset>
  );
}
