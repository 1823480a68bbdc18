import { forwardRef, type ComponentProps } from "react";
import { Link } from "@remix-run/react";

type Props = ComponentProps<typeof Link> | (Omit<ComponentProps<"a">, "ref"> & { href: string; to?: undefined });

/** The link react-dsfr renders: Remix's Link for app routes, a plain anchor for external hrefs. */
export const DsfrLink = forwardRef<HTMLAnchorElement, Props>(function DsfrLink(props, ref) {
  if ("to" in props && props.to !== undefined) return <Link ref={ref} {...(props as ComponentProps<typeof Link>)} />;
  return <a ref={ref} {...(props as ComponentProps<"a">)} />;
});
