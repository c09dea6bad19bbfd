/**
 * A refusal of the cost estimate: what was being priced (a field path of the
 * definition, or a stack and address), the value found and what is missing.
 * The estimate never turns something it cannot price into a zero.
 */
export class CostError extends Error {
  constructor(
    /** `usage.natProcessedGb`, or `<stack> <address>`. */
    readonly where: string,
    /** The value that could not be priced. */
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`cost: ${where} (given: ${JSON.stringify(value)}): ${reason}`);
    this.name = "CostError";
  }
}
