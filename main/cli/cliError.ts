// An error the CLI reports as one line and an exit code, without a stack trace: bad flags, missing data,
// impossible models. Anything else is a bug and is printed with its stack.

export class CliError extends Error {
  override name = 'CliError'
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message)
  }
}
