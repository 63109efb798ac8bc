/** Saved raw templates: load one into the composer, delete one, or save the frame as one. */
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { useRawComposer } from '../../stores/raw-composer-store';

export function RawTemplatesMenu() {
  const templates = useRawComposer((s) => s.templates);
  const loadError = useRawComposer((s) => s.templatesError);
  const { setNote } = useRawComposer.getState();
  const [saveOpen, setSaveOpen] = useState(false);
  return (
    <>
      <Menu.Root modal={false} onOpenChange={(open) => open && void useRawComposer.getState().loadTemplates()}>
        <Menu.Trigger className="button small">Raw templates ▾</Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" sideOffset={4} align="end">
            <Menu.Item className="menu-item" onSelect={() => setSaveOpen(true)}>
              Save as raw template…
            </Menu.Item>
            <Menu.Separator className="menu-separator" />
            {loadError ? (
              <Menu.Item className="menu-item" disabled>
                Cannot load raw templates: {loadError.message}
              </Menu.Item>
            ) : null}
            {templates.length === 0 && !loadError ? (
              <Menu.Item className="menu-item" disabled>
                No raw templates yet
              </Menu.Item>
            ) : null}
            {templates.map((t) => (
              <Menu.Group key={t.id} className="raw-template-group">
                <Menu.Label className="raw-menu-label">
                  {t.name} <span className="mono">{t.recipe.command}</span>
                </Menu.Label>
                <Menu.Item
                  className="menu-item"
                  onSelect={() => {
                    useRawComposer.getState().applyTemplate(t);
                    setNote({ ok: true, text: `Loaded raw template ${t.name}.` });
                  }}
                >
                  Load {t.name}
                </Menu.Item>
                <Menu.Item
                  className="menu-item danger"
                  onSelect={() =>
                    void useRawComposer
                      .getState()
                      .deleteTemplate(t.id)
                      .then(
                        () => setNote({ ok: true, text: `Deleted raw template ${t.name}.` }),
                        (e) => setNote({ ok: false, text: `Deleting raw template ${t.name} failed: ${errorText(e)}` }),
                      )
                  }
                >
                  Delete {t.name}
                </Menu.Item>
              </Menu.Group>
            ))}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      <SaveRawTemplateDialog open={saveOpen} onOpenChange={setSaveOpen} />
    </>
  );
}

function SaveRawTemplateDialog({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (open) {
      setName(useRawComposer.getState().command || '');
      setError(undefined);
    }
  }, [open]);
  const save = async () => {
    if (!name.trim()) {
      setError('A raw template needs a name.');
      return;
    }
    try {
      await useRawComposer.getState().saveTemplate(name.trim());
      useRawComposer.getState().setNote({ ok: true, text: `Saved raw template ${name.trim()}.` });
      onOpenChange(false);
    } catch (e) {
      setError(`Saving the raw template failed: ${errorText(e)}`);
    }
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Save as raw template" description="The frame as composed (command, headers, body, framing, line endings, escaping, NUL) is saved; one of the same name is replaced.">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="field">
          <label htmlFor="raw-template-name">Raw template name</label>
          <input id="raw-template-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </div>
        <ErrorText error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save raw template
          </button>
        </div>
      </form>
    </Dialog>
  );
}
