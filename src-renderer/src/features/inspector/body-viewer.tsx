/**
 * The body, in the viewer picked automatically (content-type, sniffing its first bytes) or by the
 * user. Every viewer reads the body through a BodySource: the start the inspector fetched, the
 * rest a page at a time as it comes into view, so no viewer ever holds, decodes or renders a large
 * body whole (issue 9.14: no task over 100 ms, whatever the size).
 */
import * as ToggleGroup from '@radix-ui/react-toggle-group';
import { useEffect, useMemo, useState } from 'react';
import { useInspector, type BodyViewer as Viewer } from '../../stores/inspector-store';
import { Base64View } from './base64-view';
import { BodySource } from './body-source';
import { LazyDecodedView } from './decoded-view-lazy';
import { AUTO_DECODE_LIMIT, decodingApplies, useDecoding } from './use-decoding';
import './body-view.css';
import { HexView } from './hex-view';
import { ImageView } from './image-view';
import { JsonTree } from './json-tree';
import { JSON_TREE_LIMIT, sniffViewer } from './sniff';
import { TextView } from './text-view';

const LABELS: Record<Viewer, string> = { text: 'Text', json: 'JSON', hex: 'Hex', base64: 'Base64', image: 'Image', decoded: 'Decoded' };

export function BodyViewer({ bytes, contentType, onCopied }: { bytes: Uint8Array; contentType: string | undefined; onCopied(text: string): void }) {
  const chosen = useInspector((s) => s.viewer);
  const detail = useInspector((s) => s.detail);
  const size = detail?.bodySize ?? bytes.length;
  const captureId = detail?.captureId;
  const seq = detail?.seq;
  const source = useMemo(
    () => new BodySource(captureId !== undefined && seq !== undefined ? { captureId, seq } : undefined, size, bytes),
    [captureId, seq, size, bytes],
  );
  useEffect(() => () => source.dispose(), [source]);
  // Schema-aware bodies (protobuf, Avro, MessagePack, CBOR) are decoded by the host; when one
  // applies (content-type or destination mapping), the Decoded viewer is the automatic choice.
  const decoding = useDecoding(captureId !== undefined && seq !== undefined ? { captureId, seq } : undefined, size <= AUTO_DECODE_LIMIT || chosen === 'decoded');
  const sniffed = useMemo(() => sniffViewer(contentType, bytes, size), [contentType, bytes, size]);
  const auto: Viewer = decodingApplies(decoding) ? 'decoded' : sniffed;
  const viewer = chosen ?? auto;
  const viewers: Viewer[] = ['decoded', 'text', 'json', 'hex', 'base64', ...((contentType ?? '').startsWith('image/') ? (['image'] as Viewer[]) : [])];

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
      {viewer === 'decoded' && captureId !== undefined && seq !== undefined ? (
        <LazyDecodedView source={source} decoding={decoding} captureId={captureId} seq={seq} />
      ) : (
        <ViewerBody viewer={viewer} source={source} contentType={contentType} onCopied={onCopied} />
      )}
    </div>
  );
}

function ViewerBody({ viewer, source, contentType, onCopied }: { viewer: Viewer; source: BodySource; contentType: string | undefined; onCopied(text: string): void }) {
  if (viewer === 'hex') return <HexView source={source} />;
  if (viewer === 'base64') return <Base64View source={source} onCopied={onCopied} />;
  if (viewer === 'image') return <ImageView source={source} contentType={contentType ?? 'image/*'} />;
  if (viewer === 'json') return <JsonView source={source} onCopied={onCopied} />;
  return <TextView source={source} />;
}

type Parsed = { readonly value: unknown } | { readonly error: string } | { readonly loading: true };

/** The JSON tree for bodies up to JSON_TREE_LIMIT; larger ones (and invalid JSON) as text. */
function JsonView({ source, onCopied }: { source: BodySource; onCopied(text: string): void }) {
  const tooLarge = source.size > JSON_TREE_LIMIT;
  const [parsed, setParsed] = useState<Parsed>({ loading: true });
  useEffect(() => {
    if (tooLarge) return;
    let live = true;
    setParsed({ loading: true });
    void source.whole().then(
      (bytes) => {
        if (!live) return;
        try {
          setParsed({ value: JSON.parse(new TextDecoder('utf-8').decode(bytes)) as unknown });
        } catch (error) {
          setParsed({ error: (error as Error).message });
        }
      },
      (error: unknown) => live && setParsed({ error: `the body could not be loaded: ${(error as Error)?.message ?? String(error)}` }),
    );
    return () => {
      live = false;
    };
  }, [source, tooLarge]);

  if (tooLarge) {
    return (
      <div className="body-paged">
        <p className="hint">
          The JSON tree takes bodies up to {JSON_TREE_LIMIT / 1024 / 1024} MiB; this one is {(source.size / 1024 / 1024).toFixed(1)} MiB, shown as text.
        </p>
        <TextView source={source} />
      </div>
    );
  }
  if ('loading' in parsed) return <p className="muted body-empty">loading…</p>;
  if ('error' in parsed) {
    return (
      <div className="body-paged">
        <p className="error-text">Not valid JSON: {parsed.error}</p>
        <TextView source={source} />
      </div>
    );
  }
  return (
    <div className="body-scroll">
      <JsonTree
        value={parsed.value}
        onCopyPath={(path) => {
          void navigator.clipboard?.writeText(path).then(
            () => onCopied(`Copied path ${path}`),
            () => onCopied(`Path ${path} (the clipboard is not available here)`),
          );
        }}
      />
    </div>
  );
}
