// Browser benchmark of the editor's two heaviest screens, in headless Chromium against the built editor (server.mjs):
//   1. a source of 10,000 words with 1,000 claims: navigation until the reader is interactive
//      (hydrated, handlers attached), and a click on a highlight until its claim is selected;
//   2. the review queue with 10,000 open disputes: navigation until the queue is interactive.
// Prints the median (and min/max) of several runs. Usage (after `npm run build -w @claimline/editor`):
//   npx tsx apps/editor/scripts/bench.ts [--runs 7]
import { OffsetMap, makeAnchor } from '@claimline/core';
import { openDb, writeTx } from '@claimline/db';
import { services } from '@claimline/api';
import { openBrowser, signIn, startApp } from '../e2e/harness.ts';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const WORDS = 10_000;
const CLAIMS = 1_000;
const DISPUTES = 10_000;
const TARGET = { reader: 1000, queue: 500 };

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEXICON = (
  'the minister said that talks with moscow continued during the offensive while officials in damascus denied any contact ' +
  'sources close to the negotiations reported a meeting at the border crossing where delegations discussed the bases ' +
  'according to witnesses the convoy left before dawn and reached the coast by evening analysts doubt this account'
).split(' ');

/** 10,000 words in paragraphs and sentences, with some Arabic and astral-plane characters (surrogate pairs). */
function makeText(random: () => number): { text: string; words: { start: number; end: number }[] } {
  const words: { start: number; end: number }[] = [];
  let text = '';
  let inSentence = 0;
  let inParagraph = 0;
  for (let i = 0; i < WORDS; i++) {
    let w = LEXICON[Math.floor(random() * LEXICON.length)]!;
    if (i % 97 === 13) w = 'الشيباني';
    if (i % 211 === 5) w = '𝔐oscow';
    if (inSentence === 0) w = w[0]!.toUpperCase() + w.slice(1);
    if (text && !text.endsWith('\n')) text += ' ';
    words.push({ start: text.length, end: text.length + w.length });
    text += w;
    inSentence++;
    inParagraph++;
    if (inSentence > 8 + random() * 16) {
      text += '.';
      inSentence = 0;
      if (inParagraph > 60 + random() * 60) {
        text += '\n\n';
        inParagraph = 0;
      }
    }
  }
  return { text: `${text}.`, words };
}

async function seed(databaseUrl: string): Promise<{ sourceId: number }> {
  const db = await openDb({ url: databaseUrl });
  const random = rng(42);
  const { text, words } = makeText(random);
  const actors = await db.actor.findMany({ select: { id: true }, take: 20 });
  const events = await db.event.findMany({ select: { id: true }, take: 20 });
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;

  // The big source, its 1,000 claims (some overlapping) and some links, through the API's services.
  const sourceId = await writeTx(db, async (tx) => {
    const { source } = await services.importSource(tx, null, { title: 'Benchmark: a long dispatch', outlet: 'Bench Agency', text, language: 'en' });
    const map = new OffsetMap(text);
    for (let i = 0; i < CLAIMS; i++) {
      const first = Math.floor((i / CLAIMS) * (WORDS - 40)) + Math.floor(random() * 8);
      const last = first + 4 + Math.floor(random() * 30);
      const claim = await services.createClaim(tx, null, {
        sourceId: source.id,
        start: map.toCodePoint(words[first]!.start),
        end: map.toCodePoint(words[last]!.end),
        claimantId: pick(actors).id,
        chain: [{ actorId: pick(actors).id, relation: 'reports' }],
        paraphrase: i % 3 === 0 ? `Paraphrase of claim ${i}` : null,
        status: 'accepted',
      });
      if (i % 5 === 0) {
        await services.createLink(tx, null, { claimId: claim.id, eventId: pick(events).id, stance: i % 10 === 0 ? 'supports' : 'mentions', asserted: {} });
      }
    }
    return source.id;
  });

  // 10,000 open disputes, each over two claims of its own event, written in bulk.
  const queueText = Array.from({ length: 200 }, (_, i) => `Report ${i}: the meeting took place on the day the officials said it did not.`).join('\n');
  const { source: queueSource } = await writeTx(db, (tx) =>
    services.importSource(tx, null, { title: 'Benchmark: dispute claims', outlet: 'Bench Wire', text: queueText }),
  );
  const qmap = new OffsetMap(queueText);
  const lines = queueText.split('\n');
  let at = 0;
  const spans = lines.map((l) => {
    const s = { start: at, end: at + l.length };
    at += l.length + 1;
    return s;
  });
  const batch = 1000;
  for (let from = 0; from < DISPUTES; from += batch) {
    const n = Math.min(batch, DISPUTES - from);
    const evs = await db.event.createManyAndReturn({
      data: Array.from({ length: n }, (_, k) => ({
        title: `Benchmark event ${from + k}`,
        type: 'meeting',
        date: '2024-12-06',
        dateEarliest: '2024-12-06',
        dateLatest: '2024-12-06',
      })),
      select: { id: true },
    });
    const claimRows = evs.flatMap((_, k) =>
      [0, 1].map((side) => {
        const span = spans[(from + k * 2 + side) % spans.length]!;
        const a = makeAnchor(qmap, qmap.toCodePoint(span.start), qmap.toCodePoint(span.end));
        return {
          sourceId: queueSource.id,
          start: a.start,
          end: a.end,
          quote: a.exact,
          prefix: a.prefix,
          suffix: a.suffix,
          claimantId: pick(actors).id,
          status: 'accepted',
        };
      }),
    );
    const claims = await db.claim.createManyAndReturn({ data: claimRows, select: { id: true } });
    await db.link.createMany({
      data: evs.flatMap((e, k) => [
        { claimId: claims[k * 2]!.id, eventId: e.id, stance: 'supports' },
        { claimId: claims[k * 2 + 1]!.id, eventId: e.id, stance: 'contradicts' },
      ]),
    });
    const disputes = await db.dispute.createManyAndReturn({
      data: evs.map((e, k) => ({
        eventId: e.id,
        kinds: ['stance'],
        status: 'open',
        explanation: `Source ${k} says it happened; another says it did not.`,
        supportOrigins: 1,
        contradictOrigins: 1,
        openedAt: new Date(Date.UTC(2025, 0, 1) + (from + k) * 60_000),
      })),
      select: { id: true },
    });
    await db.disputeClaim.createMany({
      data: disputes.flatMap((d, k) => [
        { disputeId: d.id, claimId: claims[k * 2]!.id, side: 'a', origin: `actor:${k}` },
        { disputeId: d.id, claimId: claims[k * 2 + 1]!.id, side: 'b', origin: `actor:${k + 1}` },
      ]),
    });
  }
  await db.$disconnect();
  return { sourceId };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main() {
  let sourceId = 0;
  const t0 = Date.now();
  process.stdout.write(
    `seeding: 1 source of ${WORDS.toLocaleString('en')} words with ${CLAIMS.toLocaleString('en')} claims, ${DISPUTES.toLocaleString('en')} open disputes… `,
  );
  const app = await startApp('bench', {
    prepare: async (url) => {
      sourceId = (await seed(url)).sourceId;
    },
  });
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const b = await openBrowser();
  const results: Record<string, number[]> = {
    'reader: navigation → interactive': [],
    'reader: click highlight → claim selected': [],
    'queue: navigation → interactive': [],
  };
  try {
    await signIn(b.page, app, 'reviewer');
    const page = b.page;
    for (let run = 0; run <= RUNS; run++) {
      // Run 0 warms the server (module loading, SQLite page cache) and is not counted.
      await page.goto('about:blank');
      const start = Date.now();
      await page.goto(`${app.url}/sources/${sourceId}`, { waitUntil: 'commit' });
      await page.waitForFunction(() => document.documentElement?.dataset.readerReady === '1', undefined, { polling: 'raf', timeout: 30_000 });
      const nav = Date.now() - start;
      const counts = await page.evaluate(() => ({
        marks: document.querySelectorAll('.reader-text .hl').length,
        cards: document.querySelectorAll('[data-claim]').length,
      }));
      if (counts.cards !== CLAIMS) throw new Error(`expected ${CLAIMS} claims in the panel, found ${counts.cards}`);
      const click = await page.evaluate(async () => {
        const runs = Array.from(document.querySelectorAll<HTMLElement>('.reader-text [data-c]'));
        const target = runs[Math.floor(runs.length / 2)]!;
        target.scrollIntoView({ block: 'center' });
        const id = target.dataset.c!.split(' ')[0];
        const t = performance.now();
        target.click();
        // (No named helpers in here: tsx would wrap them in a __name() the page does not have.)
        while (!document.querySelector(`[data-claim="${id}"].selected`)) await new Promise((r) => requestAnimationFrame(r));
        await new Promise((r) => requestAnimationFrame(r));
        return performance.now() - t;
      });
      await page.goto('about:blank');
      const qStart = Date.now();
      await page.goto(`${app.url}/review`, { waitUntil: 'commit' });
      await page.waitForFunction(() => document.documentElement?.dataset.queueReady === '1', undefined, { polling: 'raf', timeout: 30_000 });
      const queue = Date.now() - qStart;
      const total = await page.textContent('[data-testid=queue-total]');
      if (Number(total?.match(/^[\d,]+/)?.[0]?.replace(/,/g, '')) < DISPUTES) throw new Error(`unexpected queue total: ${total}`);
      if (run === 0) continue;
      results['reader: navigation → interactive']!.push(nav);
      results['reader: click highlight → claim selected']!.push(click);
      results['queue: navigation → interactive']!.push(queue);
      process.stdout.write('.');
    }
    console.log('\n');
    const rows = [
      ['reader: navigation → interactive', TARGET.reader],
      ['reader: click highlight → claim selected', null],
      ['queue: navigation → interactive', TARGET.queue],
    ] as const;
    console.log(`${'measure'.padEnd(44)}${'median'.padStart(9)}${'min'.padStart(9)}${'max'.padStart(9)}   target`);
    let ok = true;
    for (const [name, target] of rows) {
      const xs = results[name]!;
      const m = median(xs);
      const pass = target === null || m < target;
      ok &&= pass;
      console.log(
        `${name.padEnd(44)}${`${m.toFixed(0)} ms`.padStart(9)}${`${Math.min(...xs).toFixed(0)} ms`.padStart(9)}${`${Math.max(...xs).toFixed(0)} ms`.padStart(9)}   ${target === null ? '' : `< ${target} ms ${pass ? 'ok' : 'MISSED'}`}`,
      );
    }
    console.log(
      `\n${RUNS} runs each (medians), headless Chromium ${b.context.browser()?.version() ?? ''}, ${WORDS.toLocaleString('en')} words / ${CLAIMS.toLocaleString('en')} claims, ${DISPUTES.toLocaleString('en')} open disputes`,
    );
    if (b.errors.length) console.log('page errors:', b.errors);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await b.close();
    await app.stop();
  }
}

await main();
