/**
 * The contract's version. A renderer and a host of different builds compare it in `app.hello` and
 * refuse each other clearly instead of misreading messages. Bump it on any incompatible change.
 */
export const API_VERSION = 1;
