/** The state one broker shares with all its connections. */
import type { DestinationRegistry } from './destination-registry';
import type { FaultSwitches } from './faults';
import type { IdSource } from './ids';
import type { ResolvedOptions } from './options';
import type { BrokerStats } from './stats';

export interface BrokerCore {
  readonly options: ResolvedOptions;
  readonly destinations: DestinationRegistry;
  readonly ids: IdSource;
  readonly stats: BrokerStats;
  /** The switches in force now: read at the moment each one matters. */
  faults(): FaultSwitches;
}
