// Preloaded into the demo by bench/demo-memory.bench.ts (`node --import`): every 250 ms appends one JSON line to the
// file named by DEMO_MEMORY_LOG with the wall clock and `process.memoryUsage()` in MiB, and the process's peak RSS so
// far (`process.resourceUsage().maxRSS`). The timer is unref'd, so it never keeps the demo alive.
import { appendFileSync, writeFileSync } from 'node:fs';

const file = process.env.DEMO_MEMORY_LOG;
if (file) {
  writeFileSync(file, '');
  const mib = (n) => Math.round(n / 1048576);
  const sample = () => {
    const m = process.memoryUsage();
    const line = { at: Date.now(), rss: mib(m.rss), heapUsed: mib(m.heapUsed), heapTotal: mib(m.heapTotal) };
    Object.assign(line, { external: mib(m.external), maxRss: Math.round(process.resourceUsage().maxRSS / 1024) });
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
  setInterval(sample, 250).unref();
  process.on('exit', sample);
}
