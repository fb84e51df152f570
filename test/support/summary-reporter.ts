// Ends a run with the plain line CI reads in any language: "N passed, N failed, N skipped".
//
// A failed suite never hides in "skipped". When a beforeAll (or aroundAll) of a file or describe
// block throws, vitest marks the tests it never ran as skipped; here each of those tests counts
// as failed. A file or block that failed with no test to blame (an afterAll that threw, a file
// that did not load, no test found) counts one failure. Tests skipped on purpose stay skipped.
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
}

export function summarise(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): Summary {
  const summary: Summary = { passed: 0, failed: 0, skipped: 0 };
  for (const module of testModules) {
    const failedBefore = summary.failed;
    count(module, false, summary);
    // whatever the reason vitest gave, a failed file is never "0 failed"
    if (module.state() === 'failed' && summary.failed === failedBefore) summary.failed += 1;
  }
  summary.failed += unhandledErrors.length;
  return summary;
}

/** Counts a file or describe block; `suiteFailed`: an enclosing block's own hook failed. */
function count(container: TestModule | TestSuite, suiteFailed: boolean, summary: Summary): void {
  const ownFailure = container.errors().length > 0;
  const failedBefore = summary.failed;
  for (const child of container.children) {
    if (child.type === 'suite') count(child, suiteFailed || ownFailure, summary);
    else tallyTest(child, suiteFailed || ownFailure, summary);
  }
  if (ownFailure && summary.failed === failedBefore) summary.failed += 1;
}

function tallyTest(test: TestCase, suiteFailed: boolean, summary: Summary): void {
  const state = test.result().state;
  if (state === 'passed') summary.passed += 1;
  else if (state === 'failed' || suiteFailed) summary.failed += 1;
  else summary.skipped += 1;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const { passed, failed, skipped } = summarise(testModules, unhandledErrors);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
