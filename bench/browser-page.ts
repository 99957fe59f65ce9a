/**
 * The entry of the page a `--browser` run opens: makes one round of a scenario callable from Playwright.
 */
import { runScenarioRound } from './round';

(globalThis as { runScenarioRound?: typeof runScenarioRound }).runScenarioRound = runScenarioRound;
