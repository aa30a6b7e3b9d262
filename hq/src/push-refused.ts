/** A push HQ refuses as a whole, with the HTTP status and the code the station acts on. */
export class PushRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
