/**
 * The 19.0 migration of each site: main's local progress (settings, the admin's ticks, and every legacy key the
 * app has seen, so a deleted one still counts and the pace of the work can be forecast), kept in one atomic
 * file per site, and the view built from it with the pure rules of shared/migration.ts.
 *
 * The file goes to disk through the snapshot saver, off the main thread: at ten times the scale site it holds
 * 30,000 tracked keys (10 MB), and writing it in place blocked main for about 100 ms after each legacy key's
 * deletion. A change the snapshots bring is written within the saver's delay; what the admin does (a tick, a
 * setting, a record) is answered only once it is on disk (persisted).
 *
 * Legacy keys are tracked from every snapshot the inventory stores (refreshes and the patches after actions),
 * not only when the page is open, so a key deleted from the device page is seen going.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ReadinessFormat } from '../../shared/ipc-contract.js';
import type { Inventory, KeyRecord } from '../../shared/inventory.js';
import {
  migrationBuild,
  emptyMigrationState,
  migrationState,
  tickedSince,
  trackLegacyKeys,
  trackLegacyKeysSinceSteps,
  trackLegacyKeysSteps,
  viewAfterPatch,
  withEntriesRebuilt,
  withTick,
  STEP_TITLES,
  type MigrationSettings,
  type MigrationState,
  type MigrationView,
  type TickableStep,
} from '../../shared/migration.js';
import { legacyEntryOf, type OpenedLegacyKey } from '../../shared/migration-page.js';
import { readinessReport, type ReadinessFile } from '../../shared/migration-report.js';
import type { Clock } from '../ports.js';
import { keepAside } from './atomic-file.js';
import { StepRun } from './step-run.js';
import { finishSteps } from '../../shared/steps.js';
import type { AuditLog } from './audit-log.js';
import { AppFailure } from './site-error.js';
import type { SiteProfile } from './site-profiles.js';
import type { SnapshotSink } from './snapshot-saver.js';

/**
 * How long a built view is answered again for the same snapshot and state. The view counts whole days and says
 * when it was made, so it is not kept for ever; a minute spares the rebuilds of one visit (the page, a tick's
 * check and its answer, the report) and ages the view by at most that.
 */
export const VIEW_REUSE_MS = 60_000;

type BuildSite = Pick<SiteProfile, 'id' | 'name' | 'origin' | 'release' | 'keyKind' | 'userId'>;

interface BuiltView {
  readonly snapshot: Inventory;
  /** The stored state the view was built from: any change (a tick, a setting, a tracked key) is a new object. */
  readonly stored: MigrationState;
  /** That state with the snapshot's legacy keys tracked: what the view was built with. */
  readonly state: MigrationState;
  readonly site: string;
  readonly at: number;
  readonly view: MigrationView;
}

/** What the migration needs of the other services: narrow ports, so it is tested with plain values. */
export interface MigrationDeps {
  readonly dir: string;
  readonly clock: Clock;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly activeSite: () => SiteProfile;
  readonly snapshot: (siteId: string) => Inventory | null;
  /** Takes each site's state to disk (snapshot-saver.ts). */
  readonly saver: SnapshotSink;
}

export class MigrationService {
  private readonly states = new Map<string, MigrationState>();
  private readonly built = new Map<string, BuiltView>();
  /** Per site, a build under way a step per task (viewInTasks), and the snapshot it is of. */
  private readonly building = new Map<string, { readonly snapshot: Inventory; readonly run: StepRun<MigrationView> }>();
  /** Per site, the last snapshot observed and the tracked keys it left (the inventory's current snapshot). */
  private readonly observed = new Map<string, { readonly snapshot: Inventory; readonly tracked: MigrationState['tracked'] }>();
  /** Per site, the observation of its last stored snapshot while it runs in tasks (observe). */
  private readonly observing = new Map<string, StepRun<void>>();
  readonly problems: string[] = [];

  constructor(private readonly deps: MigrationDeps) {}

  /**
   * Called for every snapshot the inventory stores: remembers legacy keys and sees deleted ones go. After a refresh
   * the whole rule runs, a step per task (about 100-125 ms of main at 10x the scale site in one task before); every
   * reader of the site's state (a view, an action, the upgrade day) finishes it first, so none reads a state the
   * snapshot has not been tracked into.
   */
  observe(snapshot: Inventory): void {
    const siteId = snapshot.siteId;
    this.settle(siteId);
    const run = new StepRun(this.observeSteps(snapshot));
    this.observing.set(siteId, run);
    const done = (): void => {
      if (this.observing.get(siteId) === run) this.observing.delete(siteId);
    };
    void run.inTasks().then(done, (error: unknown) => {
      done();
      if (!(error instanceof AppFailure)) this.problems.push(`The migration could not track a snapshot: ${String(error)}`);
    });
  }

  private *observeSteps(snapshot: Inventory): Generator<void, void> {
    const before = this.storedStateOf(snapshot.siteId);
    const now = this.deps.clock.now();
    const last = this.observed.get(snapshot.siteId);
    // A snapshot patched after an action differs from the last one in a few keys: the rule looks at those alone,
    // as long as the tracked keys are still the ones that observation left.
    const after =
      last && last.tracked === before.tracked
        ? yield* trackLegacyKeysSinceSteps(before, last.snapshot, snapshot, now)
        : yield* trackLegacyKeysSteps(before, snapshot, now);
    // The rule answers the same object when nothing tracked changed: no write, and no deep comparison per snapshot.
    if (after !== before) this.save(snapshot.siteId, after);
    this.observed.set(snapshot.siteId, { snapshot, tracked: after.tracked });
  }

  /**
   * Resolves once the observation of the site's last stored snapshot is done, its steps run one per task meanwhile
   * (at once where none is under way): for a reader that can wait, such as the expiry check after its refresh.
   */
  async observedInTasks(siteId: string): Promise<void> {
    // A failed or stopped observation is reported by observe; the reader goes on with the state there is.
    await this.observing.get(siteId)?.inTasks().catch(() => undefined);
  }

  /** A site's observation under way, finished now. */
  private settle(siteId: string): void {
    this.observing.get(siteId)?.finish();
  }

  /** The active site's migration, or null before there is any inventory to build it from. */
  view(): MigrationView | null {
    const site = this.deps.activeSite();
    const snapshot = this.deps.snapshot(site.id);
    if (!snapshot) return null;
    return this.build(site, snapshot);
  }

  /**
   * The same view for a page's question: where it must be built whole (after a refresh), a step per task
   * (migrationBuild), so main answers other questions meanwhile; every question asked during the build waits for
   * the same one. A reused or patched view comes in the first step, as from view().
   */
  viewInTasks(): Promise<MigrationView | null> {
    const site = this.deps.activeSite();
    const snapshot = this.deps.snapshot(site.id);
    if (!snapshot) return Promise.resolve(null);
    let pending = this.building.get(site.id);
    if (pending?.snapshot !== snapshot) {
      const run = new StepRun(this.buildSteps(site, snapshot));
      pending = { snapshot, run };
      this.building.set(site.id, pending);
      const done = (): void => {
        if (this.building.get(site.id)?.run === run) this.building.delete(site.id);
      };
      void run.inTasks().then(done, done);
    }
    return pending.run.inTasks();
  }

  /**
   * A legacy key opened on the page: its entry with the steps, its record while on the site, and how many keys its
   * owner has; null when the active site's view has no such key.
   */
  opened(keyId: string): OpenedLegacyKey | null {
    const view = this.view();
    const entry = view && legacyEntryOf(view, keyId);
    if (!entry) return null;
    let key: KeyRecord | null = null;
    let ownerKeyCount = 0;
    for (const candidate of this.deps.snapshot(this.deps.activeSite().id)?.keys ?? []) {
      if (candidate.ownerType !== entry.owner.kind || candidate.ownerId !== entry.owner.id) continue;
      ownerKeyCount += 1;
      if (candidate.id === keyId) key = candidate;
    }
    return { entry, key, ownerKeyCount };
  }

  /** The migration of a snapshot the caller holds (the headless readiness check). */
  build(site: BuildSite, snapshot: Inventory): MigrationView {
    // A build of this snapshot under way in tasks is finished now rather than made twice.
    const pending = this.building.get(site.id);
    if (pending?.snapshot === snapshot) pending.run.finish();
    return finishSteps(this.buildSteps(site, snapshot));
  }

  private *buildSteps(site: BuildSite, snapshot: Inventory): Generator<void, MigrationView> {
    const now = this.deps.clock.now();
    const stored = this.stateOf(site.id);
    const siteKey = JSON.stringify([site.name, site.origin, site.release, site.keyKind, site.userId]);
    const last = this.built.get(site.id);
    const age = last ? now.getTime() - last.at : Infinity;
    if (last && last.snapshot === snapshot && last.site === siteKey && age >= 0 && age < VIEW_REUSE_MS) {
      if (last.stored === stored) return last.view;
      // A tick or an untick since: only those keys' entries change, made as of the view's own time.
      const ticked = tickedSince(last.stored, stored);
      if (ticked) {
        const state = { ...last.state, ticks: stored.ticks };
        const view = withEntriesRebuilt(last.view, { inventory: snapshot, site, state, now: new Date(last.at) }, ticked);
        this.built.set(site.id, { ...last, stored, state, view });
        return view;
      }
    }
    // The inventory tracks every snapshot it stores (observe): where this one was, the stored state is up to date.
    const observed = this.observed.get(site.id);
    const state =
      observed && observed.snapshot === snapshot && observed.tracked === stored.tracked
        ? stored
        : trackLegacyKeys(stored, snapshot, now);
    // A snapshot patched by an action since the view was made: only what the patch touched is made again, as of
    // the view's own time (a revoke on this page would otherwise wait for a whole build).
    if (last && last.snapshot !== snapshot && last.site === siteKey && age >= 0 && age < VIEW_REUSE_MS) {
      const input = { inventory: snapshot, site, state, now: new Date(last.at) };
      const patched = viewAfterPatch(last.view, { inventory: last.snapshot, state: last.state }, input);
      if (patched) {
        this.built.set(site.id, { snapshot, stored, state, site: siteKey, at: last.at, view: patched });
        return patched;
      }
    }
    const view = yield* migrationBuild({ inventory: snapshot, site, state, now });
    this.built.set(site.id, { snapshot, stored, state, site: siteKey, at: now.getTime(), view });
    return view;
  }

  /** The planned 19.0 upgrade day of a site, for the expiry notifications of its legacy keys. */
  upgradeDateOf(siteId: string): string | null {
    return this.stateOf(siteId).settings.upgradeDate;
  }

  updateSettings(settings: MigrationSettings): MigrationView | null {
    const site = this.deps.activeSite();
    const before = this.stateOf(site.id);
    this.save(site.id, { ...before, settings });
    this.deps.audit.append({
      site: site.origin,
      actor: site.userId,
      action: 'migration-settings',
      targetType: 'site',
      targetId: site.origin,
      targetLabel: site.name,
      keyId: null,
      outcome: 'ok',
      detail: `Quiet days ${settings.quietDays}; planned upgrade ${settings.upgradeDate ?? 'not set'}.`,
    });
    return this.view();
  }

  /** The admin ticks a step by hand, with a note: kept here and in the audit log. */
  tick(keyId: string, step: TickableStep, note: string): MigrationView | null {
    const { site, key } = this.legacyKey(keyId);
    // Only where the page offers it: a tick the rules would ignore (a known release, a disabled owner, a step the
    // site already proves) must not be kept, nor claimed in the audit log.
    const shown = this.view()?.keys.find((entry) => entry.keyId === keyId);
    if (!shown?.steps.find((candidate) => candidate.step === step)?.tickable) {
      throw new AppFailure(
        'conflict',
        `Step ${step} of this key cannot be ticked by hand: the site's data decides it, or it does not apply. Refresh.`,
      );
    }
    const tick = { note: note.trim(), time: this.deps.clock.now().toISOString(), actor: site.userId };
    this.save(site.id, withTick(this.stateOf(site.id), keyId, step, tick));
    this.auditTick(site, key, 'migration-tick', `Step ${step} (${STEP_TITLES[step]}) ticked by hand: ${tick.note}`);
    return this.view();
  }

  untick(keyId: string, step: TickableStep): MigrationView | null {
    const site = this.deps.activeSite();
    const state = this.stateOf(site.id);
    if (!state.ticks[keyId]?.[String(step) as '1' | '2' | '3']) {
      throw new AppFailure('not-found', `Step ${step} of this key was not ticked by hand.`);
    }
    this.save(site.id, withTick(state, keyId, step, null));
    const key = this.deps.snapshot(site.id)?.keys.find((k) => k.id === keyId) ?? null;
    this.auditTick(site, key, 'migration-untick', `The hand tick of step ${step} (${STEP_TITLES[step]}) was removed.`);
    return this.view();
  }

  /**
   * On a site that does not show other users' keys, the admin records (with a note) that every user has
   * replaced their legacy keys, or takes the record back (note null). Kept here and in the audit log.
   */
  attestUserKeys(note: string | null): MigrationView | null {
    const site = this.deps.activeSite();
    const state = this.stateOf(site.id);
    const record = note === null ? null : { note: note.trim(), time: this.deps.clock.now().toISOString(), actor: site.userId };
    if (record === null && state.userKeysChecked === null) {
      throw new AppFailure('not-found', "There is no record about other users' keys to take back.");
    }
    this.save(site.id, { ...state, userKeysChecked: record });
    this.deps.audit.append({
      site: site.origin,
      actor: site.userId,
      action: record ? 'migration-user-keys-checked' : 'migration-user-keys-unchecked',
      targetType: 'site',
      targetId: site.origin,
      targetLabel: site.name,
      keyId: null,
      outcome: 'ok',
      detail: record
        ? `Recorded that every user replaced their legacy keys: ${record.note}`
        : "The record about other users' keys was taken back.",
    });
    return this.view();
  }

  report(format: ReadinessFormat): ReadinessFile {
    const view = this.view();
    if (!view) throw new AppFailure('not-found', 'There is no inventory to report on yet. Refresh first.');
    return readinessReport(view, format);
  }

  /**
   * Resolves once the active site's state, as the admin's last change left it, is on disk; fails, saying so, where
   * it could not be written (it stays in memory and is tried again).
   */
  async persisted(): Promise<void> {
    this.settle(this.deps.activeSite().id);
    if (await this.deps.saver.saved(this.fileOf(this.deps.activeSite().id))) return;
    throw new AppFailure(
      'internal',
      'Keywarden could not save the migration progress to its data folder; it will try again. Check that the disk is not full.',
    );
  }

  /** Forgetting a site forgets its migration progress too; no write under way brings the file back. */
  async forget(siteId: string): Promise<void> {
    this.states.delete(siteId);
    this.built.delete(siteId);
    this.building.get(siteId)?.run.stop(new AppFailure('not-found', 'This site was removed from Keywarden.'));
    this.building.delete(siteId);
    this.observing.get(siteId)?.stop(new AppFailure('not-found', 'This site was removed from Keywarden.'));
    this.observing.delete(siteId);
    this.observed.delete(siteId);
    const file = this.fileOf(siteId);
    await this.deps.saver.discard(file);
    fs.rmSync(file, { force: true });
  }

  private legacyKey(keyId: string): { site: SiteProfile; key: KeyRecord } {
    const site = this.deps.activeSite();
    const key = this.deps.snapshot(site.id)?.keys.find((k) => k.id === keyId);
    if (!key || key.kind !== 'legacy') {
      throw new AppFailure('not-found', 'This legacy key is not on the site any more (or was never a legacy key). Refresh.');
    }
    return { site, key };
  }

  private auditTick(site: SiteProfile, key: KeyRecord | null, action: string, detail: string): void {
    this.deps.audit.append({
      site: site.origin,
      actor: site.userId,
      action,
      targetType: key?.ownerType ?? 'key',
      targetId: key?.ownerId ?? '',
      targetLabel: key ? `${key.ownerLabel} / ${key.label}` : '',
      keyId: key?.id ?? null,
      outcome: 'ok',
      detail,
    });
  }

  /** A site's state, with the snapshots stored so far tracked into it. */
  private stateOf(siteId: string): MigrationState {
    this.settle(siteId);
    return this.storedStateOf(siteId);
  }

  /** A site's state as kept (read from its file the first time). */
  private storedStateOf(siteId: string): MigrationState {
    const cached = this.states.get(siteId);
    if (cached) return cached;
    const state = this.read(siteId);
    this.states.set(siteId, state);
    return state;
  }

  /** A damaged file is kept aside and the admin told; the ticks in it are not silently lost (security.md E2). */
  private read(siteId: string): MigrationState {
    const file = this.fileOf(siteId);
    if (!fs.existsSync(file)) return emptyMigrationState();
    try {
      const parsed = migrationState.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // Unreadable JSON: handled below like a wrong shape.
    }
    const aside = keepAside(file, this.deps.clock.now());
    this.problems.push(
      `The saved migration progress of a site was damaged and kept as ${path.basename(aside)}; hand ticks in it are not shown.`,
    );
    return emptyMigrationState();
  }

  private save(siteId: string, state: MigrationState): void {
    this.states.set(siteId, state);
    this.deps.saver.store(this.fileOf(siteId), state);
  }

  private fileOf(siteId: string): string {
    return path.join(this.deps.dir, `${siteId}.json`);
  }
}
