/**
 * Runs npm scripts at the same time and fails when any of them fails. Each script's output is printed whole when it
 * ends, so outputs never interleave. `npm test` runs the type check and the lint this way before Jest: each is a
 * single process, so on two cores they take as long as the slower of the two.
 * Usage: node scripts/parallel.js <script>...
 */
const { spawn } = require("node:child_process");

// The npm that runs this script (npm sets npm_execpath), else the one on PATH.
const [command, ...prefix] = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];

const run = (script) =>
  new Promise((resolve) => {
    const child = spawn(command, [...prefix, "run", "--silent", script], { stdio: ["ignore", "pipe", "pipe"], shell: process.platform === "win32" });
    const output = [];
    child.stdout.on("data", (d) => output.push(d));
    child.stderr.on("data", (d) => output.push(d));
    child.on("error", (e) => output.push(Buffer.from(`${e.message}\n`)));
    child.on("close", (code) => {
      process.stdout.write(Buffer.concat(output));
      if (code !== 0) console.error(`npm run ${script} failed (exit code ${code})`);
      resolve(code === 0);
    });
  });

Promise.all(process.argv.slice(2).map(run)).then((ok) => {
  process.exitCode = ok.every(Boolean) ? 0 : 1;
});
