/** How the body was framed on the wire, with its content-type and charset. */
import type { MessageDetail } from '../../../../src-core/api';

export function FramingLine({ detail, bodyBytes }: { detail: MessageDetail; bodyBytes: number }) {
  const [type, ...params] = (detail.contentType ?? '').split(';').map((s) => s.trim());
  const charset = params.find((p) => /^charset=/i.test(p))?.slice(8);
  return (
    <p className="framing" role="group" aria-label="Framing">
      {detail.framing === 'content-length'
        ? `Body framed by content-length: ${bodyBytes.toLocaleString()} bytes`
        : `Body ended at the first NUL: ${bodyBytes.toLocaleString()} bytes (no content-length)`}
      <span className="sep" aria-hidden="true">
        {' '}
        ·{' '}
      </span>
      {type ? <span className="mono">{type}</span> : <span className="muted">no content-type</span>}
      {charset ? <span className="mono"> · charset {charset}</span> : null}
      {detail.redelivered ? <span className="chip chip-warn">redelivered</span> : null}
    </p>
  );
}
