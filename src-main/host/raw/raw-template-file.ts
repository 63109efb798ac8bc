/**
 * `<dataDir>/raw-templates.json`, saved raw frames to compose again:
 *
 *   { "schemaVersion": 1, "templates": [ { "id", "name", "recipe": { "command", "headers": [[name, value], ...],
 *                                          "body": { "kind": "text" | "hex" | "base64", ... }, "framing", "eol", "escape", "nul" } } ] }
 *
 * Entries are the contract's RawTemplate (src-core/api/schemas/raw.ts). A recipe is kept exactly
 * as composed (a malformed frame is the point of one). Damaged files are handled as in
 * storage/json-file.ts.
 */
import { join } from 'node:path';
import { rawTemplateSchema, type RawTemplate } from '../../../src-core/api/schemas/raw';
import type { VersionedJsonFile } from '../storage/json-file';
import { fieldIssues, summarizeIssues } from '../storage/zod-issues';

export const RAW_TEMPLATES_FILE = 'raw-templates.json';
export const RAW_TEMPLATES_SCHEMA_VERSION = 1;

export function rawTemplatesFile(dataDir: string): VersionedJsonFile<RawTemplate[]> {
  return {
    path: join(dataDir, RAW_TEMPLATES_FILE),
    version: RAW_TEMPLATES_SCHEMA_VERSION,
    migrations: {},
    initial: () => [],
    decode(document) {
      if (!Array.isArray(document.templates)) throw new Error('"templates" is not a list');
      const templates: RawTemplate[] = [];
      const problems: string[] = [];
      const ids = new Set<string>();
      document.templates.forEach((entry: unknown, index: number) => {
        const parsed = rawTemplateSchema.safeParse(entry);
        if (!parsed.success) return problems.push(`raw template ${index + 1}: ${summarizeIssues(fieldIssues(parsed.error))}`);
        if (ids.has(parsed.data.id)) return problems.push(`raw template ${index + 1}: the id ${JSON.stringify(parsed.data.id)} is used twice`);
        ids.add(parsed.data.id);
        templates.push(rawTemplateRecord(parsed.data));
      });
      return { value: templates, problems };
    },
    encode: (templates) => ({ templates }),
  };
}

/** The fields in one fixed order, so that the file reads and diffs well. */
export function rawTemplateRecord(template: RawTemplate): RawTemplate {
  const { command, headers, body, framing, eol, escape, nul } = template.recipe;
  return { id: template.id, name: template.name, recipe: { command, headers, body, framing, eol, escape, nul } };
}
