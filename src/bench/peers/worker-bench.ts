import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { projectRoot } from '../../deploy/deploy-all';
import { mapWithConcurrency } from '../../lib/concurrency';
import { runMain } from '../../lib/run-main';
import { EngineClient } from '../../platform/engine-client';
import { loadWorkerConfig } from '../../worker/config';
import { argValue, config, engineCall, sleep } from '../bench-support';
import { figureLine, meetsTarget, type PeerFigure } from './peer-report';
import { processCpuSeconds, startPeer, stopPeer } from './peer-process';

/**
 * `npm run bench -- --peers-worker`: completed external tasks per second, meritflow's worker runtime
 * (src/bench/peers/noop-worker.ts) against the engine's Java external-task client
 * (src/bench/peers/java-client), each alone on a fresh N instances of a one-service-task process
 * waiting on the same no-op topic, with the worker's maxTasks, lock duration and long polling.
 */
const N = argValue('worker-n', 10_000);
const TARGET = 0.9;
const PROCESS_KEY = 'bench-noop-task';
const TOPIC = 'bench.noop';
const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="bench-noop" targetNamespace="http://meritflow/bench">
  <bpmn:process id="${PROCESS_KEY}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="noop" />
    <bpmn:serviceTask id="noop" camunda:type="external" camunda:topic="${TOPIC}" />
    <bpmn:sequenceFlow id="f2" sourceRef="noop" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const javaDir = join(projectRoot, '.tools', 'bench-java-client');
const javaJar = join(javaDir, 'bench-java-client.jar');

const javaSources = ['pom.xml', 'src/main/java/meritflow/bench/NoopClient.java'].map((file) => join(projectRoot, 'src', 'bench', 'peers', 'java-client', file));

async function ensureJavaClient(): Promise<void> {
  // Built again when the project changed since: a stale jar would measure another client.
  if (existsSync(javaJar) && javaSources.every((file) => statSync(file).mtimeMs <= statSync(javaJar).mtimeMs)) return;
  console.log('building the Java external-task client into .tools/bench-java-client…');
  await promisify(execFile)('mvn', ['-q', '-B', '-f', join(projectRoot, 'src', 'bench', 'peers', 'java-client', 'pom.xml'), `-DbuildDir=${javaDir}`, 'package'], { maxBuffer: 64 * 1024 * 1024 });
}

const waiting = async (): Promise<number> => (await engineCall('GET', `/external-task/count?topicName=${TOPIC}`)).count;

interface ClientRun { perSecond: number; cpuSeconds: number; startupMs: number }

/**
 * Starts N instances, then the client; times from the first completion seen to the last (so a
 * JVM's start-up is not counted against it), polling the count of waiting tasks every 100 ms.
 */
async function measure(engine: EngineClient, name: string, start: () => ChildProcess): Promise<ClientRun> {
  await mapWithConcurrency(Array.from({ length: N }, (_, i) => i), 8, (i) => engine.startProcess(PROCESS_KEY, `${name}-${i}`, {}));
  const before = await waiting();
  const spawned = Date.now();
  const child = start();
  let left = before;
  const alive = () => {
    if (child.exitCode !== null) throw new Error(`${name}: the client exited with ${child.exitCode} before the tasks were done; see its log in ${process.env.BENCH_LOG_DIR}`);
  };
  while (left === before) { alive(); await sleep(100); left = await waiting(); }
  const first = Date.now();
  const leftAtFirst = left;
  const cpuAtFirst = processCpuSeconds(child.pid);
  while (left > 0) { alive(); await sleep(100); left = await waiting(); }
  const elapsed = Date.now() - first;
  const cpuSeconds = processCpuSeconds(child.pid) - cpuAtFirst;
  await stopPeer(child);
  return { perSecond: leftAtFirst / (elapsed / 1000), cpuSeconds, startupMs: first - spawned };
}

async function main(): Promise<void> {
  await ensureJavaClient();
  const engine = new EngineClient(config.engineUrl, config.engineUser, config.enginePassword);
  await engine.deploy('meritflow-bench-peers-worker', [{ name: `${PROCESS_KEY}.bpmn`, content: BPMN }]);
  const settings = loadWorkerConfig();
  if ((await waiting()) > 0) throw new Error(`tasks of ${TOPIC} are waiting already; the bench needs an engine without them`);
  const java = await measure(engine, 'java', () => startPeer('java-client', 'java', ['-jar', javaJar], {
    env: { TOPIC, MAX_TASKS: String(settings.maxTasks), LOCK_MS: String(settings.lockMs), LONG_POLL_MS: String(settings.longPollMs), ENGINE_URL: config.engineUrl, ENGINE_USER: config.engineUser, ENGINE_PASSWORD: config.enginePassword },
  }));
  // The stopped Java client's last long poll stays open in the engine until it times out, and would
  // lock the next run's first tasks for a client that is gone (seen: 7 tasks idle for their 30 s lock).
  await sleep(settings.longPollMs + 1_000);
  const ours = await measure(engine, 'ours', () => startPeer('noop-worker', process.execPath, [join(projectRoot, 'dist', 'bench', 'peers', 'noop-worker.js')], {
    env: { BENCH_TOPIC: TOPIC, WORKER_ID: 'bench-noop-worker' },
  }));
  const figure: PeerFigure = { label: `external tasks, ${N} waiting`, ours: ours.perSecond, peer: java.perSecond, target: TARGET };
  console.log('');
  console.log(`completed external tasks per second on topic ${TOPIC}; both with maxTasks ${settings.maxTasks}, lock ${settings.lockMs} ms, long poll ${settings.longPollMs} ms (our worker also runs at most ${settings.maxParallel} handlers at once; the Java client runs its handlers one after the other)`);
  console.log(`${''.padEnd(34)} ${'meritflow'.padStart(14)}   ${'Java client'.padStart(14)}`);
  console.log(figureLine(figure, 'task/s'));
  console.log(`client CPU: meritflow worker ${ours.cpuSeconds.toFixed(1)} s, Java client ${java.cpuSeconds.toFixed(1)} s; from start to first completion: meritflow ${ours.startupMs} ms, Java ${java.startupMs} ms (not timed)`);
  console.log(`targets met: ${meetsTarget(figure) ? 1 : 0} of 1`);
}

runMain(main);
