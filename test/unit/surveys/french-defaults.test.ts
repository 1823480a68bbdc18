import { describe, expect, it } from "vitest";
import { Model, getLocaleString } from "survey-core";
import "../../../app/surveys/properties.ts";

describe("French survey defaults", () => {
  it("writes numbers of dynamic texts with a decimal comma (the bilan's live total)", () => {
    const model = new Model({
      calculatedValues: [{ name: "total_heures", expression: "sum({a}, {b})" }],
      elements: [
        { type: "text", name: "a", inputType: "number" },
        { type: "text", name: "b", inputType: "number" },
        { type: "html", name: "total", html: "<p>Total : {total_heures} h</p>" },
      ],
    });
    model.locale = "fr";
    model.data = { a: 4.5, b: 5 };
    expect(model.processText("Total : {total_heures} h", true)).toBe("Total : 9,5 h");
    // Expressions still compute on numbers.
    expect(model.getVariable("total_heures")).toBe(9.5);
  });

  it("translates the strings built outside a model (the action bar's « More » button)", () => {
    expect(getLocaleString("more")).toBe("Plus");
  });
});
