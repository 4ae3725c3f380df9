// Reads vitest's JSON report and prints the last line CI looks for: "N passed, N failed".
// Usage: node scripts/ci/summarize.ts <report.json> <vitest exit status>
import { existsSync, readFileSync } from 'node:fs';

const [reportPath = '', statusArg = '1'] = process.argv.slice(2);
const vitestStatus = Number(statusArg);

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
  testResults: Array<{ name: string; status: string; message?: string }>;
}

if (!existsSync(reportPath)) {
  console.log(`vitest wrote no report (exit status ${vitestStatus})`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
// A file that failed to load (syntax error, failing beforeAll) has no failed *tests*; count it.
const brokenFiles = report.testResults.filter((file) => file.status === 'failed' && file.message);
for (const file of brokenFiles) console.log(`file failed: ${file.name}\n  ${file.message?.split('\n')[0]}`);
const failed = report.numFailedTests + brokenFiles.length;
const passed = report.numPassedTests;
const ok = failed === 0 && vitestStatus === 0;
console.log(`${passed} passed, ${ok ? 0 : Math.max(failed, 1)} failed`);
process.exit(ok ? 0 : 1);
