/** The two IPC channels between the preload and the main process; nothing else crosses. */
import { PRELOAD_GLOBAL } from '../../src-core/api/preload-api';

export const REQUEST_CHANNEL = 'stomp-explorer:request';
export const EVENT_CHANNEL = 'stomp-explorer:event';
/** The name under which the preload's API appears in the page (the contract's): window.stompExplorer. */
export const EXPOSED_API_NAME = PRELOAD_GLOBAL;
