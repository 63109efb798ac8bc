/**
 * `<dataDir>/templates.json`, saved messages to send again:
 *
 *   { "schemaVersion": 1, "templates": [ { "id", "name", "destination", "headers": [[name, value], ...],
 *                                          "body": { "encoding": "text", "text" } | { "encoding": "base64", "base64" } } ] }
 *
 * Entries are the contract's Template (src-core/api/schemas/messages.ts); headers keep their
 * order and duplicates, as on the wire. Damaged files are handled as in storage/json-file.ts.
 */
import { join } from 'node:path';
import { templateSchema, type Template } from '../../../src-core/api';
import type { VersionedJsonFile } from '../storage/json-file';
import { fieldIssues, summarizeIssues } from '../storage/zod-issues';

export const TEMPLATES_FILE = 'templates.json';
export const TEMPLATES_SCHEMA_VERSION = 1;

export function templatesFile(dataDir: string): VersionedJsonFile<Template[]> {
  return {
    path: join(dataDir, TEMPLATES_FILE),
    version: TEMPLATES_SCHEMA_VERSION,
    migrations: {},
    initial: () => [],
    decode(document) {
      if (!Array.isArray(document.templates)) throw new Error('"templates" is not a list');
      const templates: Template[] = [];
      const problems: string[] = [];
      const ids = new Set<string>();
      document.templates.forEach((entry: unknown, index: number) => {
        const parsed = templateSchema.safeParse(entry);
        if (!parsed.success) return problems.push(`template ${index + 1}: ${summarizeIssues(fieldIssues(parsed.error))}`);
        if (ids.has(parsed.data.id)) return problems.push(`template ${index + 1}: the id ${JSON.stringify(parsed.data.id)} is used twice`);
        ids.add(parsed.data.id);
        templates.push(templateRecord(parsed.data));
      });
      return { value: templates, problems };
    },
    encode: (templates) => ({ templates }),
  };
}

/** The fields in one fixed order, so that the file reads and diffs well. */
export function templateRecord(template: Template): Template {
  return { id: template.id, name: template.name, destination: template.destination, headers: template.headers, body: template.body };
}
