/** The body, in the viewer picked automatically (content-type, sniffing) or by the user. */
import * as ToggleGroup from '@radix-ui/react-toggle-group';
import { useMemo } from 'react';
import { bytesToBase64, decodeLenient } from '../../lib/bytes';
import { useInspector, type BodyViewer as Viewer } from '../../stores/inspector-store';
import { HexView } from './hex-view';
import { ImageView } from './image-view';
import { JsonTree } from './json-tree';
import { sniffViewer } from './sniff';

const TEXT_LIMIT = 1024 * 1024;
const LABELS: Record<Viewer, string> = { text: 'Text', json: 'JSON', hex: 'Hex', base64: 'Base64', image: 'Image' };

export function BodyViewer({ bytes, contentType, onCopied }: { bytes: Uint8Array; contentType: string | undefined; onCopied(text: string): void }) {
  const chosen = useInspector((s) => s.viewer);
  const auto = useMemo(() => sniffViewer(contentType, bytes), [contentType, bytes]);
  const viewer = chosen ?? auto;
  const viewers: Viewer[] = ['text', 'json', 'hex', 'base64', ...((contentType ?? '').startsWith('image/') ? (['image'] as Viewer[]) : [])];

  return (
    <div className="body-viewer">
      <div className="body-toolbar">
        <ToggleGroup.Root
          type="single"
          className="segmented"
          aria-label="Body viewer"
          value={viewer}
          onValueChange={(v) => v && useInspector.getState().setViewer(v as Viewer)}
        >
          {viewers.map((v) => (
            <ToggleGroup.Item key={v} value={v} className="segment" aria-label={LABELS[v]}>
              {LABELS[v]}
              {v === auto ? <span className="auto-mark" aria-hidden="true" title="chosen automatically">•</span> : null}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
      </div>
      <ViewerBody viewer={viewer} bytes={bytes} contentType={contentType} onCopied={onCopied} />
    </div>
  );
}

function ViewerBody({ viewer, bytes, contentType, onCopied }: { viewer: Viewer; bytes: Uint8Array; contentType: string | undefined; onCopied(text: string): void }) {
  const text = useMemo(() => (viewer === 'text' || viewer === 'json' ? decodeLenient(bytes.length > TEXT_LIMIT * 8 ? bytes.subarray(0, TEXT_LIMIT * 8) : bytes) : ''), [viewer, bytes]);
  const parsed = useMemo(() => {
    if (viewer !== 'json') return undefined;
    try {
      return { value: JSON.parse(text) as unknown };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, [viewer, text]);
  const base64 = useMemo(() => (viewer === 'base64' ? bytesToBase64(bytes) : ''), [viewer, bytes]);

  if (viewer === 'hex') return <HexView bytes={bytes} />;
  if (viewer === 'image') return <ImageView bytes={bytes} contentType={contentType ?? 'image/*'} />;
  if (viewer === 'base64')
    return <textarea className="body-base64 mono" readOnly value={base64} aria-label="Body as base64" spellCheck={false} />;
  if (viewer === 'json') {
    if (parsed && 'error' in parsed)
      return (
        <div>
          <p className="error-text">Not valid JSON: {parsed.error}</p>
          <pre className="body-text mono">{text}</pre>
        </div>
      );
    return (
      <JsonTree
        value={parsed?.value}
        onCopyPath={(path) => {
          void navigator.clipboard?.writeText(path).then(
            () => onCopied(`Copied path ${path}`),
            () => onCopied(`Path ${path} (the clipboard is not available here)`),
          );
        }}
      />
    );
  }
  if (!bytes.length) return <p className="muted body-empty">(empty body)</p>;
  const cut = text.length > TEXT_LIMIT;
  return (
    <div className="body-text-wrap">
      {cut ? <p className="hint">Showing the first {TEXT_LIMIT.toLocaleString()} characters; Save body for the whole of it.</p> : null}
      <pre className="body-text mono" tabIndex={0} role="region" aria-label="Body as text">
        {cut ? text.slice(0, TEXT_LIMIT) : text}
      </pre>
    </div>
  );
}
