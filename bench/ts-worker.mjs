// Worker entry that lets a worker thread run a TypeScript file: registers tsx's loader, then imports the file
// named in workerData.entry. (execArgv: ['--import', 'tsx'] does not reach worker threads on Node 20.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
