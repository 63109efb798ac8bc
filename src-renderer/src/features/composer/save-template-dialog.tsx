/** Names the composer's draft as a template. */
import { NameDialog } from '../../components/name-dialog';
import { useComposer } from '../../stores/composer-store';

export function SaveTemplateDialog({ open, onOpenChange, onSaved }: { open: boolean; onOpenChange(open: boolean): void; onSaved(name: string): void }) {
  return (
    <NameDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Save as template"
      description="Destination, headers and body are saved; a template of the same name is replaced."
      noun="Template"
      inputId="template-name"
      initialName={() => useComposer.getState().destination.replace(/^\/(queue|topic)\//, '') || ''}
      save={async (name) => {
        await useComposer.getState().saveTemplate(name);
        onSaved(name);
      }}
    />
  );
}
