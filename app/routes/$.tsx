import { notFound } from "../auth/guards.server.ts";

export async function loader() {
  notFound("La page que vous cherchez n'existe pas.");
}

export async function action() {
  notFound("La page que vous cherchez n'existe pas.");
}

// The root ErrorBoundary renders the French 404 page.
export default function CatchAll() {
  return null;
}
