/** A benchmark child process (fork with tsx), asked one message at a time. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stop } from './keyservice-process.js';

export class BenchChild {
  private readonly child: ChildProcess;

  constructor(script: string, execArgv: readonly string[] = []) {
    this.child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
      execArgv: ['--import', 'tsx', ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  ask<T extends object>(message: object): Promise<T> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`The bench child stopped (exit ${code ?? 'signal'}).`));
      this.child.once('exit', onExit);
      this.child.once('message', (answer: { ok?: boolean; type?: string; message?: string }) => {
        this.child.off('exit', onExit);
        if (answer.ok === false || answer.type === 'failed') reject(new Error(answer.message ?? 'failed'));
        else resolve(answer as T);
      });
      this.child.send(message);
    });
  }

  close(): Promise<void> {
    return stop(this.child);
  }
}
