/**
 * Two messages (or a message and a template) side by side: a summary, then headers (added,
 * removed, changed, moved), the body as text, as JSON structure when both parse, and byte by byte
 * with offsets. A wide dialog; closing it stops the comparison.
 */
import * as Tabs from '@radix-ui/react-tabs';
import { useEffect, useState } from 'react';
import type { Template } from '../../../../src-core/api';
import type { RawTemplate } from '../../../../src-core/api/schemas/raw';
import { request } from '../../api-client';
import { Dialog } from '../../components/dialog';
import { ErrorText } from '../../components/error-text';
import { formatBytes } from '../../lib/format';
import { useDiff } from '../../stores/diff-store';
import type { SideRef } from './diff-sources';
import { HeaderDiffTable } from './header-diff-table';
import { HexDiffView, offsetText } from './hex-diff-view';
import { JsonDiffView } from './json-diff-view';
import { TextDiffView } from './text-diff-view';
import './diff.css';

export function DiffDialog({ left, right, captureId, otherSeqs, onClose }: { left: SideRef; right: SideRef | undefined; captureId: string; otherSeqs: number[]; onClose(): void }) {
  const sides = useDiff((s) => s.sides);
  const loading = useDiff((s) => s.loading);
  const error = useDiff((s) => s.error);
  const [tab, setTab] = useState('headers');
  useEffect(() => {
    useDiff.getState().show(left, right);
    return () => useDiff.getState().close();
  }, [left, right]);

  return (
    <Dialog
      open
      wide
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title="Diff"
      description="Left against right: what was added, removed or changed, in headers and body."
    >
      <div className="diff">
        <SourcePicker captureId={captureId} otherSeqs={otherSeqs} />
        <ErrorText error={error ? `Cannot compare: ${error.message}` : undefined} />
        {loading ? <p className="muted">Loading both sides…</p> : null}
        {sides ? (
          <>
            <Summary />
            <Tabs.Root value={tab} onValueChange={setTab} className="diff-tabs">
              <Tabs.List aria-label="Compare" className="diff-tab-list">
                <Tabs.Trigger value="headers" className="dock-tab">
                  Headers
                </Tabs.Trigger>
                <Tabs.Trigger value="text" className="dock-tab">
                  Text
                </Tabs.Trigger>
                <Tabs.Trigger value="json" className="dock-tab">
                  JSON
                </Tabs.Trigger>
                <Tabs.Trigger value="hex" className="dock-tab">
                  Hex
                </Tabs.Trigger>
              </Tabs.List>
              <Tabs.Content value="headers" className="diff-panel">
                <HeaderDiffTable />
              </Tabs.Content>
              <Tabs.Content value="text" className="diff-panel">
                <TextDiffView />
              </Tabs.Content>
              <Tabs.Content value="json" className="diff-panel">
                <JsonDiffView />
              </Tabs.Content>
              <Tabs.Content value="hex" className="diff-panel">
                <HexDiffView />
              </Tabs.Content>
            </Tabs.Root>
          </>
        ) : null}
      </div>
    </Dialog>
  );
}

/** Which two things are compared: the left one as opened, the right one chosen here. */
function SourcePicker({ captureId, otherSeqs }: { captureId: string; otherSeqs: number[] }) {
  const left = useDiff((s) => s.left);
  const right = useDiff((s) => s.right);
  const sides = useDiff((s) => s.sides);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [rawTemplates, setRawTemplates] = useState<RawTemplate[]>([]);
  const [choice, setChoice] = useState('');
  const [seqText, setSeqText] = useState('');
  useEffect(() => {
    void request('templates.list', {}).then((r) => setTemplates(r.templates), () => undefined);
    void request('raw.listTemplates', {}).then((r) => setRawTemplates(r.templates), () => undefined);
  }, []);
  const pick = (value: string) => {
    setChoice(value);
    const [kind, id] = [value.slice(0, 2), value.slice(2)];
    if (kind === 'm:' && id !== 'other') useDiff.getState().setRight({ kind: 'message', captureId, seq: Number(id) });
    else if (kind === 't:') {
      const t = templates.find((x) => x.id === id);
      if (t) useDiff.getState().setRight({ kind: 'template', template: t });
    } else if (kind === 'r:') {
      const t = rawTemplates.find((x) => x.id === id);
      if (t) useDiff.getState().setRight({ kind: 'raw-template', template: t });
    }
  };
  const seq = Number(seqText);
  const seqValid = seqText.trim() !== '' && Number.isInteger(seq) && seq >= 0;
  const leftSeq = left?.kind === 'message' ? left.seq : undefined;
  return (
    <div className="diff-sources">
      <div className="diff-side-name">
        <span className="muted">Left</span> <strong>{sides?.left.label ?? (left?.kind === 'message' ? `message #${left.seq}` : '…')}</strong>
      </div>
      <button type="button" className="small" onClick={() => useDiff.getState().swap()} disabled={!right} aria-label="Swap left and right">
        ⇄
      </button>
      <div className="diff-side-name">
        <span className="muted">Right</span> <strong>{sides?.right.label ?? (right ? '…' : 'choose one')}</strong>
      </div>
      <label className="inline-field">
        Compare with{' '}
        <select aria-label="Compare with" value={choice} onChange={(e) => pick(e.target.value)}>
          <option value="">{right ? 'as opened' : 'Choose…'}</option>
          <optgroup label="Messages">
            {otherSeqs
              .filter((s) => s !== leftSeq)
              .map((s) => (
                <option key={s} value={`m:${s}`}>
                  message #{s}
                </option>
              ))}
            <option value="m:other">another message, by number…</option>
          </optgroup>
          {templates.length ? (
            <optgroup label="Templates">
              {templates.map((t) => (
                <option key={t.id} value={`t:${t.id}`}>
                  template {t.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {rawTemplates.length ? (
            <optgroup label="Raw templates">
              {rawTemplates.map((t) => (
                <option key={t.id} value={`r:${t.id}`}>
                  raw template {t.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </label>
      {choice === 'm:other' ? (
        <form
          className="inline-field"
          onSubmit={(e) => {
            e.preventDefault();
            if (seqValid) useDiff.getState().setRight({ kind: 'message', captureId, seq });
          }}
        >
          <label>
            Message number <input className="num diff-seq" inputMode="numeric" value={seqText} onChange={(e) => setSeqText(e.target.value)} aria-invalid={seqText && !seqValid ? true : undefined} />
          </label>{' '}
          <button type="submit" className="small" disabled={!seqValid}>
            Compare
          </button>
        </form>
      ) : null}
    </div>
  );
}

function Summary() {
  const headers = useDiff((s) => s.headers);
  const hex = useDiff((s) => s.hex);
  const sides = useDiff((s) => s.sides);
  if (!sides || !headers) return null;
  const headerWords = [`${headers.changed} changed`, `${headers.added} added`, `${headers.removed} removed`, headers.moved ? `${headers.moved} moved` : 'order kept'].join(', ');
  let body = `${formatBytes(sides.left.size)} against ${formatBytes(sides.right.size)}`;
  if (hex) {
    if (hex.firstDifference === undefined) body += hex.done ? ' · identical' : ` · no difference in the first ${formatBytes(hex.compared)} so far…`;
    else body += ` · first difference at ${offsetText(hex.firstDifference)} · ${hex.runCount.toLocaleString()} differing run${hex.runCount === 1 ? '' : 's'}, ${hex.differingBytes.toLocaleString()} byte${hex.differingBytes === 1 ? '' : 's'}${hex.done ? '' : ' so far…'}`;
  }
  return (
    <p className="diff-summary" role="status" aria-label="Diff summary">
      <span>
        <strong>Headers:</strong> {headerWords}.
      </span>{' '}
      <span>
        <strong>Body:</strong> {body}.
      </span>
    </p>
  );
}
