/**
 * An input the analysis could not use: a policy that does not parse, a document that breaks a limit, a lint rule
 * or a resource analysis that failed. Errors are data: the report lists each one, naming the input and the reason.
 */

/** A validation error naming the input and the reason. */
export interface InputError {
  /** The resource or document, e.g. an ARN, `registry-policy:eu-west-1`, `rcp:p-123`. */
  input: string;
  path: string;
  message: string;
}
