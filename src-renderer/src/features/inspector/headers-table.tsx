/** The headers in wire order, with an index; a repeated one is marked (the first one counts). */
import type { MessageDetail } from '../../../../src-core/api';
import { ESCAPE_MEANINGS, headerEscapes } from './header-escapes';

export function HeadersTable({ detail }: { detail: MessageDetail }) {
  const firstAt = new Map<string, number>();
  detail.headers.forEach(([name], i) => {
    if (!firstAt.has(name)) firstAt.set(name, i);
  });
  const escapes = headerEscapes(detail.rawBase64, detail.headers.length);
  return (
    // Focusable: it scrolls on its own when the headers are many (keyboard users scroll it too).
    <table className="headers-table" aria-label="Headers" tabIndex={0}>
      <thead>
        <tr>
          <th scope="col" className="num">
            #
          </th>
          <th scope="col">Header</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        <tr className="command-row">
          <td className="num muted">—</td>
          <td className="mono" colSpan={2}>
            {detail.command}
          </td>
        </tr>
        {detail.headers.map(([name, value], i) => {
          const repeated = firstAt.get(name) !== i;
          return (
            <tr key={i} className={repeated ? 'is-repeated' : undefined}>
              <td className="num muted">{i}</td>
              <td className="mono hname">{name}</td>
              <td className="mono hvalue">
                <span className="hvalue-text">{value === '' ? <span className="muted">(empty)</span> : value}</span>
                {escapes[i]?.map((e) => (
                  <span key={e} className="chip chip-escape" title={`decoded escape ${e} → ${ESCAPE_MEANINGS[e]}`}>
                    {e} → {ESCAPE_MEANINGS[e]}
                  </span>
                ))}
                {repeated ? <span className="chip chip-warn">repeated — the first one counts</span> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
