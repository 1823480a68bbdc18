/**
 * A message from the server to show on a question of the form: the first visible of `questions` (inside the
 * `index`-th panel of the dynamic panel `panel.name` when given). Plain data, so pages can compute it without
 * loading SurveyJS.
 */
export type QuestionMessage = { questions: string[]; panel?: { name: string; index: number }; message: string };
