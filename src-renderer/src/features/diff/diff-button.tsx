/**
 * The inspector's "Diff…" action: with two messages selected in the list it compares them; else
 * it compares this message with one picked in the dialog (another message, a template, a raw
 * template). The dialog and everything it needs (jsdiff included) load on first use.
 */
import { lazy, Suspense, useState } from 'react';
import type { MessageDetail } from '../../../../src-core/api';
import { useMessages } from '../../stores/messages-store';
import type { SideRef } from './diff-sources';

const DiffDialog = lazy(() => import('./diff-dialog').then((m) => ({ default: m.DiffDialog })));

export function DiffButton({ detail }: { detail: MessageDetail }) {
  const [opened, setOpened] = useState<{ left: SideRef; right: SideRef | undefined; others: number[] }>();
  const selectedCount = useMessages((s) => s.selected.size);
  const open = () => {
    const { selected, captureId } = useMessages.getState();
    const seqs = captureId === detail.captureId ? [...selected].sort((a, b) => a - b) : [];
    const ref = (seq: number): SideRef => ({ kind: 'message', captureId: detail.captureId, seq });
    if (seqs.length === 2) setOpened({ left: ref(seqs[0]), right: ref(seqs[1]), others: seqs });
    else setOpened({ left: ref(detail.seq), right: undefined, others: seqs.filter((s) => s !== detail.seq).slice(0, 50) });
  };
  return (
    <>
      <button type="button" onClick={open} title={selectedCount === 2 ? 'Compare the two selected messages' : 'Compare this message with another message or a template'}>
        Diff…
      </button>
      {opened ? (
        <Suspense fallback={null}>
          <DiffDialog left={opened.left} right={opened.right} captureId={detail.captureId} otherSeqs={opened.others} onClose={() => setOpened(undefined)} />
        </Suspense>
      ) : null}
    </>
  );
}
