import { describe, expect, it } from 'vitest';
import { MemoryClipboard, SecretHandles } from '../../../../electron/services/secret-handles.js';

const SECRET = 'flywheel.example.org:djEKEYCANARY';

/** A scheduler the test runs by hand: each entry is a delay and its task. */
function manualSchedule() {
  const tasks: { ms: number; task: () => void }[] = [];
  return { tasks, schedule: (ms: number, task: () => void) => void tasks.push({ ms, task }) };
}

const clock = { now: () => new Date('2026-11-26T12:00:00.000Z') };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SecretHandles', () => {
  it('copies a held secret and clears the clipboard after 30 s if it still holds it', async () => {
    const clipboard = new MemoryClipboard();
    const { tasks, schedule } = manualSchedule();
    const handles = new SecretHandles(clock, clipboard, schedule);
    const answer = await handles.copy(handles.hold(SECRET));
    expect(answer.clearsAfterSeconds).toBe(30);
    expect(await clipboard.readText()).toBe(SECRET);
    const clear = tasks.find((entry) => entry.ms === 30_000)!;
    clear.task();
    await flush();
    expect(await clipboard.readText()).toBe('');
  });

  it('leaves the clipboard alone when the admin copied something else since', async () => {
    const clipboard = new MemoryClipboard();
    const { tasks, schedule } = manualSchedule();
    const handles = new SecretHandles(clock, clipboard, schedule);
    await handles.copy(handles.hold(SECRET));
    await clipboard.writeText('a note');
    tasks.find((entry) => entry.ms === 30_000)!.task();
    await flush();
    expect(await clipboard.readText()).toBe('a note');
  });

  it('forgets a secret when its dialog closes, and at the latest after its hold time', async () => {
    const { tasks, schedule } = manualSchedule();
    const handles = new SecretHandles(clock, new MemoryClipboard(), schedule);
    const closed = handles.hold(SECRET);
    expect(handles.discard(closed)).toBe(true);
    await expect(handles.copy(closed)).rejects.toMatchObject({ code: 'not-found' });
    const abandoned = handles.hold(SECRET);
    tasks.find((entry) => entry.ms === 15 * 60_000 && tasks.indexOf(entry) === tasks.length - 1)!.task();
    await expect(handles.copy(abandoned)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('clears the clipboard on quit if it still holds a copied secret', async () => {
    const clipboard = new MemoryClipboard();
    const handles = new SecretHandles(clock, clipboard, manualSchedule().schedule);
    await handles.copy(handles.hold(SECRET));
    await handles.shutdown();
    expect(await clipboard.readText()).toBe('');
  });
});
