/** Saved message templates. */
export { TemplateStore, templateDraftSchema, type TemplateDraft, type TemplateStoreOptions, type TemplatesListener } from './template-store';
export { TEMPLATES_FILE, TEMPLATES_SCHEMA_VERSION } from './template-file';
