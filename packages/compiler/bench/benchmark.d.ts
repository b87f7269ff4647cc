// The part of benchmark.js (no bundled types) that the microbenchmarks use.
declare module 'benchmark' {
  namespace Benchmark {
    interface Options {
      minSamples?: number;
      maxTime?: number;
    }
    interface Stats {
      /** Seconds per operation. */
      mean: number;
      /** Relative margin of error, in percent. */
      rme: number;
      sample: number[];
    }
    interface Target {
      name: string;
      hz: number;
      stats: Stats;
    }
    class Suite {
      constructor(name?: string);
      add(name: string, fn: () => void, options?: Options): this;
      on(event: 'cycle' | 'complete', listener: (event: { target: Target }) => void): this;
      run(options?: { async?: boolean }): this;
    }
  }
  const Benchmark: { Suite: typeof Benchmark.Suite; version: string };
  export default Benchmark;
}
