/**
 * One string for equal texts met many times. A page's JSON gives each key its own copy of its label, and a site's
 * keys share few labels ("Primary", "Reaper upload" on thousands of devices): pooled, the records of a refresh point
 * at one string per label (about 10 MiB less held at 10x the scale site). Bounded: where labels are all different
 * the pool stops growing at `limit` entries, so it costs little there; it lives for one refresh.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  constructor(private readonly limit = 10_000) {}

  /** The pooled string equal to `text` (`text` itself the first time, and once the pool is full). */
  readonly get = (text: string): string => {
    const pooled = this.strings.get(text);
    if (pooled !== undefined) return pooled;
    if (this.strings.size < this.limit) this.strings.set(text, text);
    return text;
  };

  /** How many texts it holds. */
  get size(): number {
    return this.strings.size;
  }
}
