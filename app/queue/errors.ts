// Named queue errors. Lua scripts return negative codes; `errorFromCode` maps them to these.

export enum ErrorCode {
  JobNotFound = -1,
  LeaseLost = -2,
  NotCancellable = -3,
  NotDead = -4,
  NotTerminal = -5,
}

export class QueueError extends Error {
  override name = "QueueError";
}

/** The payload or options of a call are invalid; nothing was written. `field` names the culprit. */
export class QueueValidationError extends QueueError {
  override name = "QueueValidationError";
  constructor(
    message: string,
    readonly field: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
  }
}

export class JobNotFoundError extends QueueError {
  override name = "JobNotFoundError";
  constructor(readonly jobId: string) {
    super(`Job ${jobId} does not exist (it may have expired)`);
  }
}

/** The caller's lease is gone: it expired and was reaped, or the job was cancelled meanwhile. */
export class LeaseLostError extends QueueError {
  override name = "LeaseLostError";
  constructor(readonly jobId: string) {
    super(`Job ${jobId} is no longer leased to this worker`);
  }
}

/** The job is in a state the operation does not apply to (e.g. cancelling a completed job). */
export class JobStateError extends QueueError {
  override name = "JobStateError";
  constructor(
    readonly jobId: string,
    message: string,
  ) {
    super(message);
  }
}

/** Redis could not be reached or answered with an error; the operation did not take effect. */
export class QueueUnavailableError extends QueueError {
  override name = "QueueUnavailableError";
  constructor(operation: string, cause: unknown) {
    super(
      `Queue ${operation} failed: Redis is unreachable or refused the call (${describe(cause)})`,
      {
        cause,
      },
    );
  }
}

export function errorFromCode(code: number, jobId: string): QueueError {
  switch (code) {
    case ErrorCode.JobNotFound:
      return new JobNotFoundError(jobId);
    case ErrorCode.LeaseLost:
      return new LeaseLostError(jobId);
    case ErrorCode.NotCancellable:
      return new JobStateError(jobId, `Job ${jobId} has already finished and cannot be cancelled`);
    case ErrorCode.NotDead:
      return new JobStateError(jobId, `Job ${jobId} is not in the dead-letter queue`);
    case ErrorCode.NotTerminal:
      return new JobStateError(jobId, `Job ${jobId} is still queued or running; cancel it first`);
    default:
      return new QueueError(`Unknown queue error code ${code} for job ${jobId}`);
  }
}

function describe(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  // The client appends the command it sent; keep only Redis's own words.
  return text.split(", command was:")[0]!.slice(0, 200);
}
