/**
 * How a subscription is named on the wire: by its `id`, or, in 1.0 only, by its destination (a 1.0
 * SUBSCRIBE may omit the id, and then UNSUBSCRIBE and MESSAGE can only name the destination).
 */

export type SubscriptionRef =
  | { readonly id: string; readonly destination?: undefined }
  | { readonly destination: string; readonly id?: undefined };
