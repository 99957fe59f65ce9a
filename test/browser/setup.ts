/**
 * Setup of the browser project: marks every test it runs, so that reports (the JSON that .ci/run sums up) can
 * tell the Chromium runs from the Node runs of the same test files.
 */
import { beforeEach } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** The browser a test ran in; absent for tests run in Node. */
    browser?: string;
  }
}

beforeEach(({ task }) => {
  task.meta.browser = 'chromium';
});
