/** Names the composer's draft as a template. */
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { useComposer } from '../../stores/composer-store';

export function SaveTemplateDialog({ open, onOpenChange, onSaved }: { open: boolean; onOpenChange(open: boolean): void; onSaved(name: string): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (open) {
      setName(useComposer.getState().destination.replace(/^\/(queue|topic)\//, '') || '');
      setError(undefined);
    }
  }, [open]);
  const save = async () => {
    if (!name.trim()) {
      setError('A template needs a name.');
      return;
    }
    try {
      await useComposer.getState().saveTemplate(name.trim());
      onSaved(name.trim());
      onOpenChange(false);
    } catch (e) {
      setError(`Saving the template failed: ${errorText(e)}`);
    }
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Save as template" description="Destination, headers and body are saved; a template of the same name is replaced.">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="field">
          <label htmlFor="template-name">Template name</label>
          <input id="template-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </div>
        <ErrorText error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save template
          </button>
        </div>
      </form>
    </Dialog>
  );
}
