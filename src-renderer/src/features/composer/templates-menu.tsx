/** Load or delete a saved template, or save the draft as one. */
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import { errorText } from '../../lib/errors';
import { useComposer } from '../../stores/composer-store';
import { SaveTemplateDialog } from './save-template-dialog';

export function TemplatesMenu({ onStatus }: { onStatus(ok: boolean, text: string): void }) {
  const templates = useComposer((s) => s.templates);
  const loadError = useComposer((s) => s.templatesError);
  const [saveOpen, setSaveOpen] = useState(false);
  return (
    <>
      <Menu.Root modal={false} onOpenChange={(open) => open && void useComposer.getState().loadTemplates()}>
        <Menu.Trigger className="button small">Templates ▾</Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" sideOffset={4} align="end">
            <Menu.Item className="menu-item" onSelect={() => setSaveOpen(true)}>
              Save as template…
            </Menu.Item>
            <Menu.Separator className="menu-separator" />
            {loadError ? (
              <Menu.Item className="menu-item" disabled>
                Cannot load templates: {loadError.message}
              </Menu.Item>
            ) : null}
            {templates.length === 0 && !loadError ? (
              <Menu.Item className="menu-item" disabled>
                No templates yet
              </Menu.Item>
            ) : null}
            {templates.map((t) => (
              <Menu.Sub key={t.id}>
                <Menu.SubTrigger className="menu-item">
                  {t.name} <span className="muted mono">{t.destination}</span> ▸
                </Menu.SubTrigger>
                <Menu.Portal>
                  <Menu.SubContent className="menu" sideOffset={2}>
                    <Menu.Item
                      className="menu-item"
                      onSelect={() => {
                        useComposer.getState().applyTemplate(t);
                        onStatus(true, `Loaded template ${t.name}.`);
                      }}
                    >
                      Load {t.name}
                    </Menu.Item>
                    <Menu.Item
                      className="menu-item danger"
                      onSelect={() =>
                        void useComposer
                          .getState()
                          .deleteTemplate(t.id)
                          .then(
                            () => onStatus(true, `Deleted template ${t.name}.`),
                            (e) => onStatus(false, `Deleting template ${t.name} failed: ${errorText(e)}`),
                          )
                      }
                    >
                      Delete {t.name}
                    </Menu.Item>
                  </Menu.SubContent>
                </Menu.Portal>
              </Menu.Sub>
            ))}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      <SaveTemplateDialog open={saveOpen} onOpenChange={setSaveOpen} onSaved={(name) => onStatus(true, `Saved template ${name}.`)} />
    </>
  );
}
