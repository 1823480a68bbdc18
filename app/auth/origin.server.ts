/** Origin used in links sent by mail: APP_URL when set (behind a proxy), else the request's own. */
export function publicOrigin(request: Request) {
  return (process.env.APP_URL ?? new URL(request.url).origin).replace(/\/$/, "");
}
