// Settings of a benchmark run, from the command line.

export interface Config {
  quick: boolean;
  clients: number;
  federations: number;
  /** Total updates per second of the target load. */
  rate: number;
  warmupSeconds: number;
  steadySeconds: number;
  stepSeconds: number;
  rampStart: number;
  rampMaxRate: number;
  rampMaxSteps: number;
  /** The ramp bisects until the lowest failed step is at most this factor above the highest held. */
  rampResolution: number;
  /** Rounds of A B (ours, reference), each with fresh processes and data dirs. */
  rounds: number;
  poisson: boolean;
  awareness: boolean;
  /** Run the ramp (off with --no-ramp: target load and memory only, for quick A/Bs). */
  ramp: boolean;
  /** Our relay's RELAY_UNLOAD_AFTER_MS, and how long to wait after it before reading idle RSS. */
  unloadMs: number;
  idleWaitMs: number;
  only: 'ours' | 'reference' | null;
}

const FULL: Config = {
  quick: false,
  clients: 1_500,
  federations: 500,
  rate: 350,
  warmupSeconds: 5,
  steadySeconds: 20,
  stepSeconds: 8,
  rampStart: 350,
  rampMaxRate: 22_400,
  rampMaxSteps: 12,
  rampResolution: 1.1,
  rounds: 2,
  poisson: true,
  awareness: true,
  ramp: true,
  unloadMs: 2_000,
  idleWaitMs: 5_000,
  only: null,
};

const QUICK: Partial<Config> = {
  quick: true,
  clients: 150,
  federations: 50,
  warmupSeconds: 1,
  steadySeconds: 5,
  stepSeconds: 3,
  rampMaxSteps: 3,
  rounds: 1,
  idleWaitMs: 2_000,
};

export const USAGE = `usage: npm run bench:relay -- [--quick] [--clients N] [--federations N] [--rate N]
  [--steady S] [--step S] [--rounds N] [--ramp-max N] [--even] [--no-awareness] [--no-ramp]
  [--only ours|reference]
env: BENCH_NODE_ARGS (extra node flags for both servers, e.g. --cpu-prof), BENCH_LG_ARGS (for the
  load generator), BENCH_OURS_ROOT (run our relay from another checkout, for an A/B of commits)`;

/** Parses argv (after the script name); throws with the usage on anything unknown. */
export function parseArgs(argv: string[]): Config {
  const cfg: Config = { ...FULL, ...(argv.includes('--quick') ? QUICK : {}) };
  const numbers: Record<string, keyof Config> = {
    '--clients': 'clients',
    '--federations': 'federations',
    '--rate': 'rate',
    '--steady': 'steadySeconds',
    '--step': 'stepSeconds',
    '--rounds': 'rounds',
    '--ramp-max': 'rampMaxRate',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--quick') continue;
    else if (arg === '--even') cfg.poisson = false;
    else if (arg === '--no-awareness') cfg.awareness = false;
    else if (arg === '--no-ramp') cfg.ramp = false;
    else if (arg === '--only') {
      const value = argv[++i];
      if (value !== 'ours' && value !== 'reference') throw new Error(USAGE);
      cfg.only = value;
    } else if (arg in numbers) {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`${arg} needs a number\n${USAGE}`);
      (cfg as unknown as Record<string, number>)[numbers[arg] as string] = value;
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (cfg.clients < cfg.federations) throw new Error('--clients must be at least --federations');
  return cfg;
}
