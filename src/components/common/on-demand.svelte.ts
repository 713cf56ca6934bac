// The one way a view is loaded on demand: its module is fetched once, the first time anything asks for it (a tab
// opened, a section scrolled into view, an effect), and the component is then rendered by OnDemandView.

/** A view whose code is its own chunk, fetched once on first `load()`. */
export class OnDemand<C> {
  /** The component once loaded; null until then. */
  component: C | null = $state.raw(null);
  #loading: Promise<void> | null = null;
  readonly #importer: () => Promise<{ default: C }>;

  /** `loaded`: the component when its module was already fetched (main.ts preloads the checker on a token). */
  constructor(importer: () => Promise<{ default: C }>, loaded: C | null = null) {
    this.#importer = importer;
    if (loaded !== null) {
      this.component = loaded;
      this.#loading = Promise.resolve();
    }
  }

  /** Starts loading (only the first call fetches); safe to call from events, effects and attachments. */
  readonly load = (): Promise<void> => {
    this.#loading ??= this.#importer().then((module) => {
      this.component = module.default;
    });
    return this.#loading;
  };
}
