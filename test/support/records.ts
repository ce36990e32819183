/**
 * A device record for tests: a plain, healthy reaper with no notes, named after its id, so that a test writes only
 * the fields it is about. The fields keep the schema's order, so a record built here reads the same as one spelled
 * out in full.
 */
import { EMPTY_NOTES, type DeviceRecord } from '../../shared/inventory.js';

export function testDevice({ id, ...fields }: Pick<DeviceRecord, 'id'> & Partial<DeviceRecord>): DeviceRecord {
  return {
    id,
    label: id,
    type: 'reaper',
    disabled: false,
    version: null,
    health: 'ok',
    lastSeen: null,
    errorCount: 0,
    interval: null,
    notes: EMPTY_NOTES,
    ...fields,
  };
}
