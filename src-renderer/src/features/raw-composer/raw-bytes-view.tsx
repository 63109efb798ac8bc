/**
 * The bytes to be sent, 16 a row with offsets, hex and ASCII: the first rows, the rows around every
 * byte the verdict points at (marked), and the last row, so a 16 MiB frame costs a few dozen rows
 * (the host sends the preview, the tail and windows around far offsets, not the whole frame).
 */
import { useMemo } from 'react';
import type { RawCheck } from '../../../../src-core/api/schemas/raw';
import { asciiOf, base64ToBytes } from '../../lib/bytes';

const FIRST_ROWS = 24;

interface Mark {
  readonly tone: 'bad' | 'warn';
  readonly why: string;
}

export function RawBytesView({ check }: { check: RawCheck }) {
  const { rows, byteAt, marks } = useMemo(() => layout(check), [check]);
  return (
    <div className="raw-bytes mono" role="region" aria-label="Bytes to send" tabIndex={0}>
      {rows.map((row, i) =>
        row === 'gap' ? (
          <div key={`gap-${i}`} className="raw-bytes-gap muted">
            …
          </div>
        ) : (
          <div key={row} className="raw-bytes-row">
            <span className="raw-bytes-offset">{(row * 16).toString(16).padStart(8, '0')}</span>
            <span className="raw-bytes-hex">
              {Array.from({ length: 16 }, (_, k) => {
                const at = row * 16 + k;
                const b = byteAt(at);
                const mark = marks.get(at);
                if (b === undefined) return <span key={k} className="raw-byte-none" />;
                return (
                  <span key={k} className={byteClass(b, mark)} title={mark ? `byte ${at}: ${mark.why}` : undefined}>
                    {b.toString(16).padStart(2, '0')}
                  </span>
                );
              })}
            </span>
            <span className="raw-bytes-ascii">
              {Array.from({ length: 16 }, (_, k) => {
                const b = byteAt(row * 16 + k);
                return b === undefined ? null : (
                  <span key={k} className={byteClass(b, marks.get(row * 16 + k))}>
                    {asciiOf(b)}
                  </span>
                );
              })}
            </span>
          </div>
        ),
      )}
      {check.size === 0 ? <p className="muted">No bytes.</p> : null}
    </div>
  );
}

function byteClass(b: number, mark: Mark | undefined): string {
  return ['raw-byte', b === 0 ? 'is-nul' : '', mark ? `is-${mark.tone}` : ''].filter(Boolean).join(' ');
}

function layout(check: RawCheck) {
  const preview = base64ToBytes(check.previewBase64);
  // Beyond the preview: the tail, and the windows around far offsets the verdict names.
  const pieces = [...(check.tail ? [check.tail] : []), ...check.windows].map((p) => ({ offset: p.offset, bytes: base64ToBytes(p.base64) }));
  const byteAt = (at: number): number | undefined => {
    if (at < preview.length) return preview[at];
    const piece = pieces.find((p) => at >= p.offset && at < p.offset + p.bytes.length);
    return piece ? piece.bytes[at - piece.offset] : undefined;
  };
  const marks = new Map<number, Mark>();
  const mark = (offset: number | undefined, tone: Mark['tone'], why: string) => {
    if (offset === undefined) return;
    // An offset at the end (a frame that never ends) marks the last byte.
    const at = Math.min(offset, check.size - 1);
    if (at >= 0 && !marks.has(at)) marks.set(at, { tone, why });
  };
  if (check.strict.error) mark(check.strict.error.offset, 'bad', `${check.strict.error.rule} (strict)`);
  if (check.lenient.error) mark(check.lenient.error.offset, 'bad', `${check.lenient.error.rule} (lenient)`);
  for (const d of check.lenient.diagnostics) mark(d.offset, 'warn', d.rule);
  for (const l of check.lint) mark(l.offset, 'warn', l.rule);
  for (const w of check.warnings) mark(w.offset, 'warn', w.code);

  const lastRow = Math.max(0, Math.ceil(check.size / 16) - 1);
  const wanted = new Set<number>();
  for (let r = 0; r <= Math.min(lastRow, FIRST_ROWS - 1); r++) wanted.add(r);
  for (const at of marks.keys()) for (const r of [Math.floor(at / 16) - 1, Math.floor(at / 16), Math.floor(at / 16) + 1]) if (r >= 0 && r <= lastRow) wanted.add(r);
  wanted.add(lastRow);
  const rows: (number | 'gap')[] = [];
  let previous = -1;
  for (const r of [...wanted].sort((a, b) => a - b)) {
    // Rows the host did not send are not shown either.
    if (byteAt(r * 16) === undefined && byteAt(r * 16 + 15) === undefined) continue;
    if (previous >= 0 && r !== previous + 1) rows.push('gap');
    rows.push(r);
    previous = r;
  }
  return { rows, byteAt, marks };
}
