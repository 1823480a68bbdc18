// survey-core's own expression parser, used to refuse a translated LimeSurvey condition SurveyJS would not read.
import { ConditionsParser } from "survey-core";

const parser = new ConditionsParser();

export function checkExpression(expression: string): boolean {
  try {
    return !!parser.parseExpression(expression);
  } catch {
    return false;
  }
}
