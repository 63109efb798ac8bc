/** Saved broker profiles. Secrets never cross the bridge back to the UI: only whether one is set. */
import { z } from 'zod';
import { idSchema, LIMITS, nameSchema, versionSchema } from './common';

export const BROKER_PRESETS = ['activemq', 'artemis', 'rabbitmq', 'generic', 'sandbox'] as const;
export const brokerPresetSchema = z.enum(BROKER_PRESETS);
export type BrokerPreset = z.infer<typeof brokerPresetSchema>;

export const tlsSettingsSchema = z.object({
  caFile: z.string().max(4096).optional(),
  certFile: z.string().max(4096).optional(),
  keyFile: z.string().max(4096).optional(),
  servername: z.string().max(255).optional(),
  /** Verification is on unless this is explicitly false; the UI marks such a profile. */
  verify: z.boolean().default(true),
});

const heartBeatSchema = z.tuple([z.number().int().min(0).max(3_600_000), z.number().int().min(0).max(3_600_000)]);

/** What the UI may set. `passcode`: a string sets it, null clears it, absent keeps it. */
export const profileInputSchema = z.object({
  name: nameSchema,
  uri: z.string().min(1, 'a broker URI is required').max(LIMITS.uri),
  login: z.string().max(LIMITS.name).optional(),
  passcode: z.string().max(4096).nullable().optional(),
  host: z.string().max(LIMITS.name).optional(),
  versions: z.array(versionSchema).min(1).max(3).optional(),
  heartBeat: heartBeatSchema.optional(),
  tls: tlsSettingsSchema.optional(),
  preset: brokerPresetSchema.default('generic'),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb')
    .optional(),
});
export type ProfileInput = z.input<typeof profileInputSchema>;

export const profileSchema = profileInputSchema.omit({ passcode: true }).extend({
  id: idSchema,
  hasPasscode: z.boolean(),
  /** The built-in sandbox profile cannot be deleted. */
  builtIn: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

/** A patch names only what changes: no defaults may creep in (a default preset would reset it). */
export const profilePatchSchema = profileInputSchema.extend({ preset: brokerPresetSchema.optional() }).partial();

/** What an import does with one entry of the file. `add-copy`: add it under a distinct name beside the same-named one. */
export const importActionSchema = z.enum(['add', 'update', 'skip', 'add-copy']);
export type ImportAction = z.infer<typeof importActionSchema>;

export const importEntryPlanSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  action: importActionSchema,
  existingId: z.string().optional(),
  /** Fields that differ from the saved profile of the same name. */
  changes: z.array(z.string()),
  /** The name `add-copy` would give it. */
  copyName: z.string().optional(),
});
export type ImportEntryPlan = z.infer<typeof importEntryPlanSchema>;
