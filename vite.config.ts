import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [remix(remixConfig)],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  ssr: { noExternal: ["@codegouvfr/react-dsfr"] },
  optimizeDeps: {
    include: [
      "@codegouvfr/react-dsfr",
      "@codegouvfr/react-dsfr/spa",
      "@codegouvfr/react-dsfr/link",
      "@codegouvfr/react-dsfr/Header",
      "@codegouvfr/react-dsfr/Footer",
      "@codegouvfr/react-dsfr/Alert",
      "@codegouvfr/react-dsfr/Button",
      "@codegouvfr/react-dsfr/Input",
      "@codegouvfr/react-dsfr/Table",
      "@codegouvfr/react-dsfr/Pagination",
      "@codegouvfr/react-dsfr/Breadcrumb",
      "@codegouvfr/react-dsfr/Badge",
      "@codegouvfr/react-dsfr/Stepper",
      "@codegouvfr/react-dsfr/SearchBar",
      "@codegouvfr/react-dsfr/Select",
      "survey-core",
      "survey-react-ui",
      "survey-core/i18n/french",
      "tsafe/assert",
      "tsafe/id",
      "tsafe/symToStr",
    ],
  },
  build: { target: "es2022" },
});
