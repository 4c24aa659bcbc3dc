// What is wrong with a form's fields, by field: the field app's checks and the API's validation messages alike.

/** Field path ('travelers', 'findings.0.amountUsd') → what is wrong with it. */
export type FieldErrors = Record<string, string>;
