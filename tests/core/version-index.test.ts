/** versionIndex: the same answer as VERSIONS.indexOf, for every version and for what is none. */
import { describe, expect, it } from 'vitest';
import { VERSIONS, versionIndex } from '../../src-core/protocol/spec';

describe('versionIndex', () => {
  it('is VERSIONS.indexOf, for strings made at run time too', () => {
    for (const version of [...VERSIONS, '1.3', '', '1.2 ', 'v1.2']) {
      const made = [...version].join('');
      expect(versionIndex(made), version).toBe(VERSIONS.indexOf(made as never));
    }
  });
});
