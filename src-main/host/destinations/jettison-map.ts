/**
 * ActiveMQ's JSON form of a JMS MapMessage (STOMP `transformation:jms-map-json`, written by
 * Jettison through XStream):
 *
 *   {"map":{"entry":[{"string":"size","long":7},{"string":["destinationName","queue://x"]}]}}
 *
 * Each entry names its key with "string" and its value by its Java type (long, int, double, ...);
 * a String value makes "string" a [key, value] pair. One entry is an object instead of an array,
 * and an empty map is {"map":""}: ActiveMQ's statistics plugin ends a listing with one.
 */

export type MapValue = string | number | boolean;

export class MapMessageError extends Error {
  override readonly name = 'MapMessageError';
}

/** The map's entries; an empty map gives an empty object. Throws MapMessageError on anything else. */
export function parseJettisonMap(json: string): Record<string, MapValue> {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new MapMessageError(`not JSON: ${(error as Error).message}`);
  }
  const map = (document as { map?: unknown } | null)?.map;
  if (map === '' || map === null) return {};
  if (typeof map !== 'object' || map === undefined) throw new MapMessageError('no "map" object: is this a jms-map-json MapMessage?');
  const entry = (map as { entry?: unknown }).entry;
  const entries = entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
  const out: Record<string, MapValue> = Object.create(null);
  for (const item of entries) {
    if (typeof item !== 'object' || item === null) throw new MapMessageError(`an entry is ${JSON.stringify(item)?.slice(0, 60)}, not an object`);
    const { string: key, ...rest } = item as Record<string, unknown>;
    if (Array.isArray(key)) {
      if (key.length !== 2 || typeof key[0] !== 'string') throw new MapMessageError(`a String entry is ${JSON.stringify(key).slice(0, 60)}, not [key, value]`);
      out[key[0]] = String(key[1]);
      continue;
    }
    if (typeof key !== 'string') throw new MapMessageError(`an entry has no key: ${JSON.stringify(item).slice(0, 60)}`);
    const typed = Object.values(rest);
    if (typed.length !== 1) throw new MapMessageError(`entry ${key} has ${typed.length} values`);
    const value = typed[0];
    if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else if (typeof value === 'string') out[key] = /^-?\d+(\.\d+)?(E-?\d+)?$/i.test(value) ? Number(value) : value;
    else throw new MapMessageError(`entry ${key} has a ${typeof value} value`);
  }
  return out;
}
