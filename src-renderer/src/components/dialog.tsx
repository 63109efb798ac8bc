/** A modal dialog (Radix): titled, focus-trapped, closed by Esc. */
import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';

export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  wide,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  description?: string;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        {/* Without a description, aria-describedby={undefined} tells Radix there is none on purpose (the
            title is the name; repeating it as the description would be read twice). With one, the
            prop must be absent so Radix links its Description. */}
        <RadixDialog.Content className={`dialog${wide ? ' dialog-wide' : ''}`} {...(description ? {} : { 'aria-describedby': undefined })}>
          <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
          {description ? <RadixDialog.Description className="dialog-description">{description}</RadixDialog.Description> : null}
          {children}
          <RadixDialog.Close className="dialog-close icon-button" aria-label="Close dialog">
            ×
          </RadixDialog.Close>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
