import path from "node:path";

/** The shared LimeSurvey fixtures (../shared/fixtures/limesurvey beside the checkout). */
export const FIXTURES = path.resolve(__dirname, "../../../../shared/fixtures/limesurvey");
