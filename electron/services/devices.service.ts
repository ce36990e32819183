/**
 * The device registry: register (with the local notes an imaging site needs), disable, enable, delete.
 * Disabling stops the device and rejects its keys, enabling brings every key back to life, deleting removes it with
 * its keys: each needs main's confirmation for that device and then the admin's yes outside the renderer
 * (security.md C6). A delete also needs the label the admin typed, which main compares with the site's own.
 * Every action is audited.
 */
import type { DeviceNotes, DeviceRecord, Inventory } from '../../shared/inventory.js';
import { deviceWire } from '../../shared/wire.schema.js';
import type { AuditLog } from './audit-log.js';
import type { Confirmations } from './confirmations.js';
import type { InventoryService } from './inventory.service.js';
import { deviceRecordOf } from './inventory-mapping.js';
import type { Journal } from './journal.js';
import type { Clock } from '../ports.js';
import { sitePath } from './site-client.js';
import { AppFailure, SiteError } from './site-error.js';
import type { SiteProfile } from './site-profiles.js';
import type { SitesService } from './sites.service.js';

export interface DevicesServiceDeps {
  readonly sites: SitesService;
  readonly inventory: InventoryService;
  readonly journal: Journal;
  readonly audit: AuditLog;
  readonly confirmations: Confirmations;
  readonly clock: Clock;
}

export class DevicesService {
  constructor(private readonly deps: DevicesServiceDeps) {}

  async register(label: string, type: string, notes: DeviceNotes): Promise<DeviceRecord> {
    const site = this.deps.sites.activeSite();
    const client = this.deps.sites.client(site.id);
    let created;
    try {
      created = await client.call('POST', '/devices', deviceWire, { body: { label, type } });
    } catch (error) {
      this.audit(
        site,
        'register-device',
        '',
        label,
        'failed',
        error instanceof AppFailure ? `Failed: ${error.code}.` : 'Failed.',
      );
      throw error;
    }
    this.deps.inventory.setNotes(site.id, created._id, notes);
    const record = deviceRecordOf(created, null, notes, this.deps.clock.now());
    this.patch(site, (current) => ({ ...current, devices: [...current.devices.filter((d) => d.id !== record.id), record] }));
    this.audit(site, 'register-device', record.id, record.label, 'ok', `Type ${record.type}.`);
    return record;
  }

  updateNotes(deviceId: string, notes: DeviceNotes): DeviceRecord {
    const site = this.deps.sites.activeSite();
    const device = this.known(site, deviceId);
    if (!device) throw new AppFailure('not-found', 'The device is not in the inventory. Refresh and try again.');
    this.deps.inventory.setNotes(site.id, deviceId, notes);
    const updated = { ...device, notes };
    this.patch(site, (current) => ({ ...current, devices: current.devices.map((d) => (d.id === deviceId ? updated : d)) }));
    this.audit(site, 'update-device-notes', deviceId, device.label, 'ok', 'Local notes changed.');
    return updated;
  }

  async setDisabled(deviceId: string, disabled: boolean, confirmationId?: string): Promise<DeviceRecord> {
    const site = this.deps.sites.activeSite();
    const action = disabled ? 'disable-device' : 'enable-device';
    await this.deps.confirmations.consume(confirmationId, site.id, action, [deviceId]);
    const client = this.deps.sites.client(site.id);
    let updated;
    try {
      updated = await client.call('PUT', sitePath('devices', deviceId), deviceWire, { body: { disabled } });
    } catch (error) {
      this.audit(
        site,
        action,
        deviceId,
        this.known(site, deviceId)?.label ?? '',
        'failed',
        error instanceof AppFailure ? `Failed: ${error.code}.` : 'Failed.',
      );
      throw error;
    }
    const record = deviceRecordOf(updated, null, this.deps.inventory.notesOf(site.id)[deviceId], this.deps.clock.now());
    const previous = this.known(site, deviceId);
    // The PUT answer has no health; keep what the last fetch knew.
    const merged: DeviceRecord = previous
      ? { ...record, health: previous.health, lastSeen: previous.lastSeen, errorCount: previous.errorCount }
      : record;
    this.patch(site, (current) => ({
      ...current,
      devices: current.devices.map((d) => (d.id === deviceId ? merged : d)),
      keys: current.keys.map((k) =>
        k.ownerType === 'device' && k.ownerId === deviceId ? { ...k, ownerDisabled: merged.disabled } : k,
      ),
    }));
    this.audit(
      site,
      action,
      deviceId,
      merged.label,
      'ok',
      disabled ? 'Its keys are rejected until it is enabled.' : 'Its keys work again.',
    );
    return merged;
  }

  /**
   * Deletes the device with its keys: the renderer's token first, then the label the admin typed against the
   * device's label on the site (exactly, after trimming; the renderer's own check is not enough), then the admin's
   * yes outside the renderer, and only then the DELETE.
   */
  async remove(deviceId: string, confirmationId: string, typedLabel: string): Promise<{ removed: boolean }> {
    const site = this.deps.sites.activeSite();
    this.deps.confirmations.spend(confirmationId, site.id, 'delete-device', [deviceId]);
    const client = this.deps.sites.client(site.id);
    let onSite;
    try {
      onSite = await client.call('GET', sitePath('devices', deviceId), deviceWire, { priority: 'action' });
    } catch (error) {
      if (error instanceof SiteError && error.details.status === 404) return this.removed(site, deviceId, false);
      this.audit(site, 'remove-device', deviceId, this.known(site, deviceId)?.label ?? '', 'failed', codeOf(error));
      throw error;
    }
    const label = deviceRecordOf(onSite, null, undefined, this.deps.clock.now()).label;
    if (typedLabel.trim() !== label.trim()) {
      this.audit(site, 'remove-device', deviceId, label, 'failed', 'The typed label did not match; nothing was deleted.');
      throw new AppFailure(
        'confirmation-required',
        "The label you typed is not this device's label on the site. Refresh the inventory and try again. Nothing was deleted.",
      );
    }
    await this.deps.confirmations.ask(site.id, 'delete-device', [deviceId]);
    const intent = this.deps.journal.begin({
      siteId: site.id,
      operation: 'remove-device',
      ownerType: 'device',
      ownerId: deviceId,
      label,
      keyId: null,
      knownKeyIds: [],
    });
    let removed = true;
    try {
      await client.callNoContent('DELETE', sitePath('devices', deviceId));
    } catch (error) {
      if (error instanceof SiteError && error.details.status === 404) removed = false;
      else {
        this.deps.journal.finish(intent.id);
        this.audit(site, 'remove-device', deviceId, label, 'failed', codeOf(error));
        throw error;
      }
    }
    this.deps.journal.finish(intent.id);
    return this.removed(site, deviceId, removed, label);
  }

  /** The device is gone from the site (deleted now, or before): out of the inventory, with its keys and notes. */
  private removed(site: SiteProfile, deviceId: string, removed: boolean, label?: string): { removed: boolean } {
    label ??= this.known(site, deviceId)?.label ?? '';
    this.deps.inventory.setNotes(site.id, deviceId, null);
    this.patch(site, (current) => ({
      ...current,
      devices: current.devices.filter((d) => d.id !== deviceId),
      keys: current.keys.filter((k) => !(k.ownerType === 'device' && k.ownerId === deviceId)),
    }));
    this.audit(
      site,
      'remove-device',
      deviceId,
      label,
      'ok',
      removed ? 'Deleted with its keys.' : 'It was already gone from the site.',
    );
    return { removed };
  }

  private known(site: SiteProfile, deviceId: string): DeviceRecord | undefined {
    return this.deps.inventory.snapshot(site.id)?.devices.find((d) => d.id === deviceId);
  }

  private patch(site: SiteProfile, change: (current: Inventory) => Inventory): void {
    this.deps.inventory.patch(site.id, change);
  }

  private audit(
    site: SiteProfile,
    action: string,
    deviceId: string,
    label: string,
    outcome: 'ok' | 'failed',
    detail: string,
  ): void {
    this.deps.audit.append({
      site: site.origin,
      actor: site.userId,
      action,
      targetType: 'device',
      targetId: deviceId,
      targetLabel: label,
      keyId: null,
      outcome,
      detail,
    });
  }
}

function codeOf(error: unknown): string {
  return error instanceof AppFailure ? `Failed: ${error.code}.` : 'Failed.';
}
