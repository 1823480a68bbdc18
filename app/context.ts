// What the Express server passes to every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    clientIp: string | null;
    /** The TCP peer is this machine and no proxy relayed the request (demo conveniences answer only then). */
    localRequest?: boolean;
  }
}
export {};
