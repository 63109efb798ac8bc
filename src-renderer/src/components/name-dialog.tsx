/** Asks for a name, then saves under it: the name is required, and a failed save is explained in the dialog. */
import { useEffect, useState } from 'react';
import { errorText } from '../lib/errors';
import { Dialog } from './dialog';
import { ErrorText } from './error-text';

export interface NameDialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  description: string;
  /** What is named, as the label and errors say it: "Template", "Raw template". */
  noun: string;
  inputId: string;
  /** The name offered when the dialog opens. */
  initialName(): string;
  save(name: string): Promise<void>;
}

export function NameDialog({ open, onOpenChange, title, description, noun, inputId, initialName, save }: NameDialogProps) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (open) {
      setName(initialName());
      setError(undefined);
    }
    // Offered once per opening, not again while the user types.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const lower = noun.toLowerCase();
  const submit = async () => {
    if (!name.trim()) {
      setError(`A ${lower} needs a name.`);
      return;
    }
    try {
      await save(name.trim());
      onOpenChange(false);
    } catch (e) {
      setError(`Saving the ${lower} failed: ${errorText(e)}`);
    }
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor={inputId}>{noun} name</label>
          <input id={inputId} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </div>
        <ErrorText error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save {lower}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
