import { churnTasks, creationTasks, randomAccessTasks } from './access';
import { runSuite } from './suite';
import { suiteTable } from './report';
const which = process.argv[2];
const tasks = which === 'creation' ? creationTasks(262_144) : which === 'churn' ? churnTasks(100_000) : randomAccessTasks(1_000_000, 1_000_000);
console.log(suiteTable(await runSuite(which!, tasks, { rounds: 1, time: 250, baseline: which === 'churn' ? 'Map by id' : 'objects', floor: 'typed arrays' })));
