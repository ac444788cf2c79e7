/**
 * What one module needs from another that the composition root builds after it (earning needs the
 * member's tier, tiers need order figures, the feed needs the running publisher). The needing module
 * receives the port at construction; `core.ts` (or `app.ts`) binds it exactly once. Using a port that
 * was never bound throws, so a missing wire fails loudly instead of quietly answering zero or nothing.
 */
export class Port<T> {
  private target: T | undefined;

  constructor(readonly name: string) {}

  bind(target: T): void {
    if (this.target !== undefined) throw new Error(`Port "${this.name}" is already bound`);
    this.target = target;
  }

  get(): T {
    if (this.target === undefined)
      throw new Error(`Port "${this.name}" was never bound: the composition root must wire it before use`);
    return this.target;
  }
}
