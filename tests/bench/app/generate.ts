// `npm run bench:generate [-- --scale 1 --seed 1]`: builds the five-year federation (DESIGN.md's
// scale at 1, with edit histories) through the domain's writes and saves it as a backup file.
import { flag, generateFixture } from './fixture';

const args = process.argv.slice(2);
const scale = flag(args, 'scale', 1);
const seed = flag(args, 'seed', 1);
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

console.log(`building the sample federation: scale ${scale}, seed ${seed}, with history …`);
const f = generateFixture({ scale, seed });
const counts = Object.entries(f.counts)
  .map(([k, n]) => `${k} ${n}`)
  .join(', ');
console.log(`counts: ${counts}; positions ${f.positions}; ledger entries ${f.ledgerEntries}`);
console.log(`built in ${(f.buildMs / 1000).toFixed(1)} s`);
console.log(`encoded state ${mib(f.stateBytes)}; backup file ${mib(f.fileBytes)}: ${f.path}`);
console.log(`heap used ${mib(process.memoryUsage().heapUsed)}`);
