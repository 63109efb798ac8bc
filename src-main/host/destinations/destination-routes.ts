/** The contract's destinations.* methods, for the request router. */
import type { MethodName } from '../../../src-core/api';
import type { Handler } from '../schemas/schema-routes';
import type { DestinationsService } from './destinations-service';

export type DestinationRoutes = { [M in Extract<MethodName, `destinations.${string}`>]: Handler<M> };

export function destinationRoutes(service: DestinationsService): DestinationRoutes {
  return {
    'destinations.brokerInfo': ({ connectionId }) => service.brokerInfo(connectionId),
    'destinations.getSettings': ({ profileId }) => service.getSettings(profileId),
    'destinations.setSettings': ({ profileId, managementUrl }) => service.setSettings(profileId, managementUrl),
  };
}
