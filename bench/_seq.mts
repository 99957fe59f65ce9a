import { particleTasks, sumTasks, updateTasks } from './sequential';
import { churnTasks } from './access';
import { runSuite } from './suite';
import { suiteTable } from './report';
const which = process.argv[2];
const n = Number(process.argv[3] ?? 1_000_000);
const tasks = which === 'sum' ? sumTasks(n) : which === 'update' ? updateTasks(n) : which === 'churn' ? churnTasks(100_000) : particleTasks(n);
console.log(suiteTable(await runSuite(which!, tasks, { rounds: Number(process.argv[4] ?? 1), time: 250, baseline: which === 'churn' ? 'Map by id' : 'objects', floor: 'typed arrays' })));
