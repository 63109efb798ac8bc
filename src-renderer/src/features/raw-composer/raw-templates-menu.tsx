/** Saved raw templates: load one into the composer, delete one, or save the frame as one. */
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import { NameDialog } from '../../components/name-dialog';
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
  return (
    <NameDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Save as raw template"
      description="The frame as composed (command, headers, body, framing, line endings, escaping, NUL) is saved; one of the same name is replaced."
      noun="Raw template"
      inputId="raw-template-name"
      initialName={() => useRawComposer.getState().command || ''}
      save={async (name) => {
        await useRawComposer.getState().saveTemplate(name);
        useRawComposer.getState().setNote({ ok: true, text: `Saved raw template ${name}.` });
      }}
    />
  );
}
