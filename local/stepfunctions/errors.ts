// Errors of the local Step Functions API, named as AWS names them (the `__type` of a 400 answer).

export class SfnApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/** An error raised inside an execution (a task failure, a timeout); its name is what Retry and Catch match. */
export class StatesError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}
