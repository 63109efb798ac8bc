/**
 * Hold rules, one row each: on/off, which way, commands, destination, a header, text in the body.
 * Every condition a rule sets must hold; empty fields match anything. Patterns: exact, `*`
 * wildcards, or `re:regex` (text: contains, or `re:`). A rule the host refuses (a bad regex) is
 * an error under the list, naming the rule and field.
 */
import { useEffect, useState } from 'react';
import type { HoldRuleView, ProxyDirectionScope } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';

interface Row {
  readonly key: string;
  enabled: boolean;
  direction: ProxyDirectionScope;
  commands: string;
  destination: string;
  headerName: string;
  headerValue: string;
  text: string;
}

export function HoldRulesEditor({ rules, onSave }: { rules: readonly HoldRuleView[]; onSave(rules: HoldRuleView[]): Promise<void> }) {
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  // Reset from the host only when the rules themselves change (not on every live update).
  const saved = JSON.stringify(rules);
  useEffect(() => setRows((JSON.parse(saved) as HoldRuleView[]).map(rowOf)), [saved]);
  const change = (key: string, patch: Partial<Row>) => {
    setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    setNote(undefined);
  };
  const save = async (next: Row[]) => {
    setError(undefined);
    try {
      await onSave(next.map(ruleOf));
      setNote(next.length ? `${next.filter((r) => r.enabled).length} of ${next.length} rule(s) on.` : 'No rules: every frame flows.');
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div className="proxy-rules">
      <table className="proxy-rules-table" aria-label="Hold rules">
        <thead>
          <tr>
            <th scope="col">On</th>
            <th scope="col">Way</th>
            <th scope="col">Commands</th>
            <th scope="col">Destination</th>
            <th scope="col">Header</th>
            <th scope="col">Header value</th>
            <th scope="col">Body text</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.key}>
              <td>
                <input type="checkbox" aria-label={`Rule ${i + 1} on`} checked={r.enabled} onChange={(e) => change(r.key, { enabled: e.target.checked })} />
              </td>
              <td>
                <select aria-label={`Rule ${i + 1} direction`} value={r.direction} onChange={(e) => change(r.key, { direction: e.target.value as ProxyDirectionScope })}>
                  <option value="both">both ways</option>
                  <option value="client-to-broker">→ to broker</option>
                  <option value="broker-to-client">← to client</option>
                </select>
              </td>
              <td>
                <input className="mono" aria-label={`Rule ${i + 1} commands`} placeholder="SEND, MESSAGE" value={r.commands} onChange={(e) => change(r.key, { commands: e.target.value })} />
              </td>
              <td>
                <input className="mono" aria-label={`Rule ${i + 1} destination`} placeholder="/queue/orders* or re:…" value={r.destination} onChange={(e) => change(r.key, { destination: e.target.value })} />
              </td>
              <td>
                <input className="mono" aria-label={`Rule ${i + 1} header name`} placeholder="name" value={r.headerName} onChange={(e) => change(r.key, { headerName: e.target.value })} />
              </td>
              <td>
                <input className="mono" aria-label={`Rule ${i + 1} header value`} placeholder="value" value={r.headerValue} onChange={(e) => change(r.key, { headerValue: e.target.value })} />
              </td>
              <td>
                <input className="mono" aria-label={`Rule ${i + 1} body text`} placeholder="contains… or re:…" value={r.text} onChange={(e) => change(r.key, { text: e.target.value })} />
              </td>
              <td>
                <button type="button" className="icon-button" aria-label={`Remove rule ${i + 1}`} onClick={() => void save(rows.filter((x) => x.key !== r.key))}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="proxy-actions-row">
        <button type="button" className="small" onClick={() => setRows([...rows, { ...rowOf({ id: `rule-${Date.now().toString(36)}`, enabled: true, direction: 'client-to-broker', commands: ['SEND'] }) }])}>
          Add hold rule
        </button>
        <button type="button" className="small primary" onClick={() => void save(rows)}>
          Apply rules
        </button>
        {note ? <span className="muted" role="status">{note}</span> : null}
      </div>
      <ErrorText error={error} />
    </div>
  );
}

function rowOf(rule: HoldRuleView): Row {
  return {
    key: rule.id,
    enabled: rule.enabled,
    direction: rule.direction,
    commands: rule.commands.join(', '),
    destination: rule.destination ?? '',
    headerName: rule.header?.name ?? '',
    headerValue: rule.header?.value ?? '',
    text: rule.text ?? '',
  };
}

function ruleOf(row: Row): HoldRuleView {
  const commands = row.commands
    .split(/[\s,]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  return {
    id: row.key,
    enabled: row.enabled,
    direction: row.direction,
    commands,
    destination: row.destination || undefined,
    header: row.headerName ? { name: row.headerName, value: row.headerValue || undefined } : undefined,
    text: row.text || undefined,
  };
}
