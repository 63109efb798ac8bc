/** The two IPC channels between the preload and the main process; nothing else crosses. */
export const REQUEST_CHANNEL = 'stomp-explorer:request';
export const EVENT_CHANNEL = 'stomp-explorer:event';
/** The name under which the preload's API appears in the page: window.stompExplorer. */
export const EXPOSED_API_NAME = 'stompExplorer';
